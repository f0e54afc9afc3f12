using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class SuanwangDirectivesTests
{
    [Fact]
    public void Extensions_add_what_sbatch_cannot_say()
    {
        var job = Read.OneSbatch(Read.Script(
            "#SBATCH --gres=gpu:1",
            "#SUANWANG input=a:1TiB@gansu input=b/c:512MiB@gansu input=d:3@gansu",
            "#SUANWANG output=2GiB@yangtze-delta residency=cn max-price=99.5",
            "#SUANWANG carbon-weight=1 flexible-start-hours=0.5 tenant=t1 tier=education",
            "#SUANWANG min-accelerator-memory-gib=40 centers=qingyang,guian preferred-centers=guian"), A.KnowingNetwork());

        Assert.Equal([new DataInput("a", 1024, "gansu"), new DataInput("b/c", 0.5, "gansu"), new DataInput("d", 3, "gansu")], job.Inputs);
        Assert.Equal(new DataOutput(2, "yangtze-delta"), job.Output);
        Assert.Equal(("cn", (double?)99.5), (job.Constraints.Residency, job.Constraints.MaxPriceYuan));
        Assert.Equal(new JobPreferences(1, 0.5), job.Preferences);
        Assert.Equal(("t1", "education"), (job.Tenant, job.Tier));
        Assert.Equal(40, job.Resources.MinAcceleratorMemoryGiB);
        Assert.Equal(["qingyang", "guian"], job.Constraints.AllowedCenters);
        Assert.Equal(["guian"], job.Constraints.PreferredCenters);
    }

    [Theory]
    [InlineData("#SUANWANG carbon-weight=2", "carbon-weight: must be between 0 and 1")]
    [InlineData("#SUANWANG carbon-weight=nan", "carbon-weight: 'nan' is not a finite number")]
    [InlineData("#SUANWANG max-price=0", "max-price: must be greater than 0")]
    [InlineData("#SUANWANG reference-hours=-1", "reference-hours: must be greater than 0")]
    [InlineData("#SUANWANG flexible-start-hours=500", "flexible-start-hours: must be between 0 and 168")]
    [InlineData("#SUANWANG input=a:xGiB@gansu", "input: 'xGiB' is not a size")]
    [InlineData("#SUANWANG output=5GiB", "output: use SIZE@REGION")]
    [InlineData("#SUANWANG tier=\"re search\"", "tier: 're search' is not a valid id")]
    [InlineData("#SUANWANG tierresearch", "expected key=value")]
    [InlineData("#SUANWANG resdency=cn", "did you mean 'residency'?")]
    [InlineData("#SUANWANG centers=a,,b", "is not a valid id")]
    public void A_bad_extension_names_the_key_and_line(string line, string message)
    {
        Has.OneError(Read.SbatchErrors(Read.Script(line)), $"line 2 ({line})", message);
    }

    [Fact]
    public void Unknown_regions_centers_and_tiers_are_refused_when_the_context_knows_them()
    {
        var errors = Read.SbatchErrors(Read.Script("#SUANWANG input=a:1@atlantis centers=mars tier=gold"), A.KnowingNetwork());
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal("line 2 (#SUANWANG input=a:1@atlantis centers=mars tier=gold)", e.Location));
    }

    [Fact]
    public void Accelerator_memory_without_gpus_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -t 10", "#SUANWANG min-accelerator-memory-gib=40")),
            "line 3 (#SUANWANG min-accelerator-memory-gib=40)", "asks for no GPU");
    }

    [Fact]
    public void A_preferred_center_outside_the_allowed_ones_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -t 10", "#SUANWANG centers=a", "#SUANWANG preferred-centers=b")),
            "line 4 (#SUANWANG preferred-centers=b)", "not among #SUANWANG centers");
    }
}
