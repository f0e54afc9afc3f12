using Suanwang.Model.Network;
using Suanwang.Testing;

using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>Reading a local center's engine settings, and the factory that opens its engine.</summary>
public sealed class OptionsTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    internal static Center LocalCenter(string id = "qingyang", params (string Key, string Value)[] settings) =>
        A.Network().Region("west").Center(id, "west", c => c.CpuPool(64, 4)).Build().Centers[0]
            with { Engine = settings.ToDictionary(s => s.Key, s => s.Value) };

    [Fact]
    public void Settings_come_from_the_centers_engine_map()
    {
        var options = LocalEngineOptions.FromCenter(LocalCenter("qingyang", ("slots", "2"), ("cpus", "16"), ("memoryGiB", "64.5")), "/data/centers");

        Assert.Equal("qingyang", options.CenterId);
        Assert.Equal("/data/centers/qingyang", options.RunsDirectory);
        Assert.Equal(2, options.Slots);
        Assert.Equal(16, options.Cpus);
        Assert.Equal(64.5, options.MemoryGiB);
    }

    [Fact]
    public void Without_settings_a_center_gets_four_slots_this_machines_cores_and_no_memory_limit()
    {
        var options = LocalEngineOptions.FromCenter(LocalCenter(), "/data/centers");

        Assert.Equal(4, options.Slots);
        Assert.Equal(Environment.ProcessorCount, options.Cpus);
        Assert.Equal(LocalEngineOptions.UnlimitedMemoryGiB, options.MemoryGiB);
        Assert.Equal(TimeSpan.FromDays(7), options.Retention);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KillGracePeriod);
    }

    [Fact]
    public void Every_bad_setting_is_named_at_once_with_the_center()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalEngineOptions.FromCenter(
            LocalCenter("qingyang", ("slots", "0"), ("cpus", "many"), ("memoryGiB", "-1"), ("slot", "4")), "/data/centers"));

        Assert.Contains("center 'qingyang'", error.Message);
        Assert.Contains("'slots' must be a whole number of at least 1, not '0'", error.Message);
        Assert.Contains("'cpus' must be a whole number of at least 1, not 'many'", error.Message);
        Assert.Contains("'memoryGiB' must be a positive number, not '-1'", error.Message);
        Assert.Contains("'slot' is not one a local center understands", error.Message);
    }

    [Fact]
    public void Exposed_paths_are_read_as_comma_separated_sources_with_optional_targets()
    {
        var options = LocalEngineOptions.FromCenter(LocalCenter("qingyang",
            ("expose", "/data/shared:/opt/models, /srv/reference/"), ("exposeWritable", "/scratch")), "/data/centers");

        Assert.Equal(
            [new ExposedPath("/data/shared", "/opt/models", false), new ExposedPath("/srv/reference", "/srv/reference", false), new ExposedPath("/scratch", "/scratch", true)],
            options.Expose);
    }

    [Fact]
    public void Every_bad_exposed_path_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalEngineOptions.FromCenter(LocalCenter("qingyang",
            ("expose", "data/shared, /a/../etc, /, /a:/b:/c"), ("exposeWritable", "/x,,/y:relative")), "/data/centers"));

        Assert.Contains("center 'qingyang'", error.Message);
        Assert.Contains("'expose': 'data/shared': its source must be an absolute path", error.Message);
        Assert.Contains("'expose': '/a/../etc': its source must be a plain path without '.', '..' or '//'", error.Message);
        Assert.Contains("'expose': '/': its source must not be /", error.Message);
        Assert.Contains("'/a:/b:/c' must be SOURCE or SOURCE:TARGET", error.Message);
        Assert.Contains("'exposeWritable' has an empty entry", error.Message);
        Assert.Contains("'/y:relative': its target must be an absolute path", error.Message);
    }

    [Theory]
    [InlineData("0-100", "must not include 0")]
    [InlineData("2000-1000", "above its last")]
    [InlineData("1000-4294967295", "at most 4294967294")]
    [InlineData("1000", "is not a range of user ids FIRST-LAST")]
    [InlineData("-5-10", "is not a range of user ids FIRST-LAST")]
    public void A_job_uid_range_that_includes_root_or_is_not_a_range_is_refused(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => JobUidRange.Parse(text));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_default_job_uid_range_is_far_from_accounts_and_never_root()
    {
        Assert.Equal(JobUidRange.Default, JobUidRange.Parse("1900000000-1999999999"));
        Assert.Null(JobUidRange.Default.Problem());
        Assert.False(JobUidRange.Default.Contains(0));
    }

    [Fact]
    public void A_center_id_that_cannot_name_a_directory_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalEngineOptions.FromCenter(LocalCenter("../etc"), "/data/centers"));

        Assert.Contains("center '../etc'", error.Message);
    }

    [Fact]
    public void Options_built_by_hand_are_checked_by_the_engine()
    {
        var options = new LocalEngineOptions { CenterId = "c", RunsDirectory = _center.RunsDirectory, Slots = 0, PollInterval = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new LocalEngine(options, TimeProvider.System, null));

        Assert.Contains("slots must be at least 1", error.Message);
        Assert.Contains("PollInterval", error.Message);
    }

    [Fact]
    public async Task The_factory_opens_each_local_center_in_its_own_directory()
    {
        var factory = new LocalEngineFactory(_center.Root, TimeProvider.System);

        await using ICenterEngine engine = factory.Create(LocalCenter("qingyang", ("slots", "1")));
        var run = Runs.Of("echo", "via the factory");
        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);

        Assert.Equal("local", factory.Name);
        Assert.Equal("qingyang", engine.CenterId);
        Assert.Equal(1, (await engine.ReportAsync(default)).SlotsTotal);
        Assert.True(File.Exists(Path.Combine(_center.Root, "qingyang", run.Token, "request.json")));
    }

    [Fact]
    public void The_factory_refuses_a_center_of_another_backend()
    {
        var factory = new LocalEngineFactory(_center.Root, TimeProvider.System);

        var error = Assert.Throws<ArgumentException>(() => factory.Create(LocalCenter() with { Backend = "slurm" }));

        Assert.Contains("'slurm'", error.Message);
    }
}
