namespace Suanwang.Specs.Tests.Native.Sections;

public sealed class WorkSectionTests
{
    [Fact]
    public void A_batch_job_must_say_how_much_work_it_is()
    {
        Has.OneError(Read.NativeErrors("command: [a]\n"), "work.referenceHours", "is required for a batch job");
        Has.OneError(Read.NativeErrors("command: [a]\nwork: { timeLimitHours: 3 }\n"), "work.referenceHours", "is required for a batch job");
    }

    [Fact]
    public void A_service_without_work_is_planned_for_a_day()
    {
        var job = Read.Native("kind: service\ncommand: [serve]\n");
        Assert.Equal(24, job.Work.ReferenceHours);
        Assert.Null(job.Work.TimeLimitHours);
    }

    [Fact]
    public void Reference_hours_and_time_limit_are_read()
    {
        var job = Read.Native("command: [a]\nwork: { referenceHours: 1.5, timeLimitHours: 4 }\n");
        Assert.Equal((1.5, (double?)4), (job.Work.ReferenceHours, job.Work.TimeLimitHours));
    }

    [Theory]
    [InlineData("referenceHours: 0", "work.referenceHours")]
    [InlineData("referenceHours: -2", "work.referenceHours")]
    [InlineData("referenceHours: 1, timeLimitHours: 0", "work.timeLimitHours")]
    [InlineData("referenceHours: 1, timeLimitHours: 100000", "work.timeLimitHours")]
    public void Hours_must_be_positive_and_at_most_ten_years(string fields, string location)
    {
        Has.OneError(Read.NativeErrors($"command: [a]\nwork: {{ {fields} }}\n"), location, "must be greater than 0 and at most 87600");
    }
}
