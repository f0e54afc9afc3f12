using System.Globalization;
using System.Text;
using Suanwang.Cli.Commands;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>
/// The public data folder (series files a network refers to) is named <c>--public-data DIR</c> /
/// <c>$SUANWANG_PUBLIC_DATA</c>; the old <c>--data-dir</c> / <c>$SUANWANG_DATA_DIR</c> still work, with one line
/// on stderr naming the new spelling.
/// </summary>
public sealed class PublicDataTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _network;
    private readonly string _spec;
    private readonly string _publicData;

    public PublicDataTests()
    {
        // A one-center network whose carbon series is a relative path found only in the public data folder.
        _publicData = Directory.CreateDirectory(_temp.File("public")).FullName;
        File.WriteAllText(Path.Combine(_publicData, "zone.csv"), SeriesCsv());
        string networks = Directory.CreateDirectory(_temp.File("networks")).FullName;
        _network = Path.Combine(networks, "net.yaml");
        File.WriteAllText(_network, Network);
        _spec = _temp.Write("job.yaml", "name: tiny\ncommand: [\"true\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 1 }\n");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Public_data_names_the_folder_and_warns_of_nothing()
    {
        var result = Run([], "--public-data", _publicData);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void The_variable_names_the_folder_and_warns_of_nothing()
    {
        var result = Run(new() { [PublicDataOption.Variable] = _publicData });

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void The_old_option_still_works_with_one_line_naming_the_new_one()
    {
        var result = Run([], "--data-dir", _publicData);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal($"warning: --data-dir is deprecated; use --public-data {_publicData}\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_old_variable_still_works_with_one_line_naming_the_new_one()
    {
        var result = Run(new() { [PublicDataOption.DeprecatedVariable] = _publicData });

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("warning: $SUANWANG_DATA_DIR is deprecated; set $SUANWANG_PUBLIC_DATA instead\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_old_variable_is_not_warned_of_when_the_network_does_not_need_it()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var variables = new Dictionary<string, string> { [PublicDataOption.DeprecatedVariable] = _publicData };
        var env = new CliEnvironment(new StringReader(""), output, error, TimeProvider.System, name => variables.GetValueOrDefault(name));

        int code = SuanwangCli.Run(["place", _spec, "--network", "china-hubs"], env);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void The_new_spellings_win_over_the_old_ones_without_a_warning()
    {
        string elsewhere = Directory.CreateDirectory(_temp.File("elsewhere")).FullName;

        var byVariable = Run(new() { [PublicDataOption.Variable] = _publicData, [PublicDataOption.DeprecatedVariable] = elsewhere });
        var byOption = Run(new() { [PublicDataOption.DeprecatedVariable] = elsewhere }, "--public-data", _publicData);

        Assert.True(byVariable.ExitCode == ExitCodes.Success, byVariable.ToString());
        Assert.Equal("", byVariable.Error);
        Assert.True(byOption.ExitCode == ExitCodes.Success, byOption.ToString());
        Assert.Equal("", byOption.Error);
    }

    [Fact]
    public void Without_a_folder_the_error_names_the_new_spellings()
    {
        var result = Run([]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("the CLI takes --public-data DIR or SUANWANG_PUBLIC_DATA", result.Error);
        Assert.DoesNotContain("data-dir", result.Error);
        Assert.DoesNotContain("DATA_DIR", result.Error);
    }

    [Fact]
    public void Help_shows_only_the_new_option()
    {
        foreach (string verb in new[] { "place", "simulate", "bench", "serve" })
        {
            var help = Shell.Run(verb, "--help");
            Assert.Contains("--public-data <DIR>", help.Out);
            Assert.DoesNotContain("--data-dir", help.Out);
        }
    }

    // `place` on the test network, in an environment of the test's own.
    private CliResult Run(Dictionary<string, string> variables, params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(new StringReader(""), output, error, TimeProvider.System, name => variables.GetValueOrDefault(name));
        int code = SuanwangCli.Run(["place", _spec, "--network", _network, .. extra], env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static string SeriesCsv()
    {
        var csv = new StringBuilder("Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Renewable Percentage\n");
        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int h = 0; h < 24; h++)
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddHours(h):yyyy-MM-dd HH:mm:ss},XX,300,350,25\n");
        return csv.ToString();
    }

    private const string Network = """
        id: public-data-test
        description: One center whose carbon series is in the public data folder.
        catalog:
          referenceModel: core
          models:
            - { id: core, name: Core, kind: cpu, relativeSpeed: 1.0, boardPowerWatts: 6 }
        regions:
          - { id: east, name: East, role: east, lat: 31.2, lon: 121.5, residencyZone: cn }
        centers:
          - id: alpha
            name: Alpha
            region: east
            backend: local
            pools:
              - { id: cpu, accelerator: core, cpusPerNode: 64, memoryGiBPerNode: 256, nodes: 2 }
            pricing: { perAcceleratorHourYuan: 0, perCpuHourYuan: 0.1 }
            energy:
              pue: 1.3
              carbon: { file: zone.csv, format: greendcc }
              renewable: { annualShare: 0.2 }
        """;
}
