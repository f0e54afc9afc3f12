namespace Suanwang.Specs.Tests.Native.Sections;

public sealed class ConstraintsSectionTests
{
    private const string Service = "kind: service\ncommand: [serve]\n";

    [Fact]
    public void Max_price_is_read_in_yuan()
    {
        Assert.Equal(3000, Read.Native(Read.Spec("constraints: { maxPrice: 3000 }\n")).Constraints.MaxPriceYuan);
    }

    [Fact]
    public void A_latency_bound_needs_the_users_region()
    {
        Has.OneError(Read.NativeErrors(Service + "constraints: { maxLatencyMs: 20 }\n"), "constraints.usersAt", "is required with maxLatencyMs");
    }

    [Fact]
    public void A_users_region_needs_a_latency_bound()
    {
        Has.OneError(Read.NativeErrors(Service + "constraints: { usersAt: gansu }\n"), "constraints.maxLatencyMs", "is required with usersAt");
    }

    [Fact]
    public void A_latency_bound_applies_to_services_only()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { maxLatencyMs: 20, usersAt: gansu }\n")), "constraints.maxLatencyMs", "applies to services only");
    }

    [Fact]
    public void A_service_may_have_no_latency_bound()
    {
        Assert.Null(Read.Native(Service).Constraints.MaxLatencyMs);
    }

    [Theory]
    [InlineData("2026-12-01T00:00:00")]
    [InlineData("2026-12-01")]
    [InlineData("2026-12-01T00:00+08:00")]
    [InlineData("tomorrow")]
    [InlineData("2026-13-01T00:00:00Z")]
    public void A_time_without_seconds_and_offset_is_refused(string time)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"constraints: {{ deadline: \"{time}\" }}\n")), "constraints.deadline", "must be a date-time with seconds and an offset");
    }

    [Fact]
    public void Times_in_utc_and_with_offsets_are_read_as_the_same_instant()
    {
        var utc = Read.Native(Read.Spec("constraints: { deadline: 2026-12-01T00:00:00Z }\n")).Constraints.Deadline;
        var beijing = Read.Native(Read.Spec("constraints: { deadline: 2026-12-01T08:00:00+08:00 }\n")).Constraints.Deadline;
        Assert.Equal(utc, beijing);
    }

    [Fact]
    public void A_deadline_must_come_after_the_earliest_start()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { notBefore: 2026-07-01T00:00:00Z, deadline: 2026-06-30T00:00:00Z }\n")),
            "constraints.deadline", "is not after the earliest start");
    }

    [Fact]
    public void A_deadline_in_the_past_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { deadline: 2026-05-01T00:00:00+08:00 }\n")), "constraints.deadline", "is already past (now is 2026-06-01T09:30:00+08:00)");
    }

    [Fact]
    public void Relative_times_count_from_the_submission_and_are_stored_as_absolute_times()
    {
        var constraints = Read.Native(Read.Spec("constraints: { notBefore: +2h, deadline: +1d12h }\n")).Constraints;
        Assert.Equal(A.Now.AddHours(2), constraints.NotBefore);
        Assert.Equal(A.Now.AddHours(36), constraints.Deadline);
    }

    [Fact]
    public void A_relative_time_may_be_quoted_as_in_json()
    {
        Assert.Equal(A.Now.AddHours(36), Read.Native("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"+36h\"}}").Constraints.Deadline);
    }

    [Theory]
    [InlineData("deadline", "+", "gives no amount")]
    [InlineData("deadline", "+-3h", "counts back from submission")]
    [InlineData("notBefore", "+3x", "'x' is not a unit")]
    [InlineData("notBefore", "36h", "needs a '+' in front")]
    [InlineData("deadline", "+99999999999d", "more than 87600 hours after submission")]
    [InlineData("deadline", "+0h", "is the submission time itself")]
    public void A_malformed_relative_time_is_reported_at_its_field(string field, string time, string message)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"constraints: {{ {field}: \"{time}\" }}\n")), $"constraints.{field}", message);
    }

    [Fact]
    public void A_relative_deadline_before_a_relative_earliest_start_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { notBefore: +2d, deadline: +36h }\n")),
            "constraints.deadline", "is not after the earliest start");
    }

    [Fact]
    public void A_time_in_neither_form_names_both()
    {
        var error = Has.OneError(Read.NativeErrors(Read.Spec("constraints: { deadline: next-week }\n")), "constraints.deadline", "must be a date-time");
        Assert.Contains("+36h", error.Message);
    }

    [Fact]
    public void A_preferred_center_must_be_among_the_allowed_ones()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { centers: [qingyang], preferredCenters: [guian] }\n")),
            "constraints.preferredCenters[0]", "not among the allowed centers");
    }

    [Fact]
    public void An_unknown_center_is_refused_when_the_context_knows_the_centers()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { centers: [qingyang, mars-1] }\n"), A.KnowingNetwork()),
            "constraints.centers[1]", "unknown center 'mars-1'");
    }

    [Theory]
    [InlineData("maxPrice: 0", "constraints.maxPrice")]
    [InlineData("maxPrice: -3", "constraints.maxPrice")]
    public void A_price_ceiling_must_be_positive(string field, string location)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"constraints: {{ {field} }}\n")), location, "must be greater than 0");
    }
}
