using System.CommandLine;
using Suanwang.Networks;

namespace Suanwang.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    /// <summary><c>--network</c>: a network file or a bundled network's name.</summary>
    public static Option<string> Network() => new("--network", "-n")
    {
        Description = $"The network: a YAML file, or a bundled network ({string.Join(", ", BundledNetworks.Names)}).",
        DefaultValueFactory = _ => BundledNetworks.DefaultName,
        HelpName = "NAME|FILE",
    };

    /// <summary><c>--public-data DIR</c> (and the deprecated <c>--data-dir</c>): where the public data sets live.</summary>
    public static PublicDataOption PublicData() => new();
}

/// <summary>
/// The folder of public data sets a network's series files (and the documentation's traces) refer to:
/// <c>--public-data DIR</c>, else <c>$SUANWANG_PUBLIC_DATA</c>. Not the broker's own data folder (<c>--data</c>,
/// <c>$SUANWANG_DATA</c>). The old spellings <c>--data-dir</c> and <c>$SUANWANG_DATA_DIR</c> still work, each with
/// a one-line deprecation warning on standard error.
/// </summary>
public sealed class PublicDataOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--public-data";

    /// <summary>The option's old name, still accepted (hidden from help).</summary>
    public const string DeprecatedName = "--data-dir";

    /// <summary>The environment variable naming the folder.</summary>
    public const string Variable = "SUANWANG_PUBLIC_DATA";

    /// <summary>The variable's old name, still read when <see cref="Variable"/> is unset.</summary>
    public const string DeprecatedVariable = "SUANWANG_DATA_DIR";

    /// <summary><c>--public-data DIR</c>; add it to the command together with <see cref="DeprecatedOption"/>.</summary>
    public Option<string?> Option { get; } = new(Name)
    {
        Description = $"Folder with the public data sets a network's series files refer to (default: ${Variable}). Not the broker's data folder.",
        HelpName = "DIR",
    };

    /// <summary><c>--data-dir DIR</c>, the old spelling: accepted, hidden from help.</summary>
    public Option<string?> DeprecatedOption { get; } = new(DeprecatedName) { Hidden = true, HelpName = "DIR" };

    /// <summary>
    /// The folder named by the new spellings or the old option: <c>--public-data</c>, else <c>--data-dir</c> (with a
    /// warning line on <see cref="CliEnvironment.Error"/>), else <c>$SUANWANG_PUBLIC_DATA</c>; null when none is set.
    /// The old variable is left to <see cref="Resolve"/> and <see cref="NetworkResolver.Load(string, PublicDataOption, ParseResult, CliEnvironment)"/>.
    /// </summary>
    public string? Given(ParseResult result, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(env);
        if (result.GetValue(Option) is { Length: > 0 } given) return given;
        if (result.GetValue(DeprecatedOption) is { Length: > 0 } old)
        {
            env.Error.WriteLine($"warning: {DeprecatedName} is deprecated; use {Name} {old}");
            return old;
        }
        return SuanwangPaths.Value(env.GetEnvironmentVariable, Variable);
    }

    /// <summary>
    /// The folder: <see cref="Given"/>, else <c>$SUANWANG_DATA_DIR</c> (with a warning line); null when none is set.
    /// For <c>serve</c>, which keeps the folder for networks and centers loaded later.
    /// </summary>
    public string? Resolve(ParseResult result, CliEnvironment env)
    {
        if (Given(result, env) is { } folder) return folder;
        if (DeprecatedVariableValue(env) is not { } old) return null;
        WarnOfDeprecatedVariable(env);
        return old;
    }

    /// <summary>The old variable's value, or null.</summary>
    internal static string? DeprecatedVariableValue(CliEnvironment env) => SuanwangPaths.Value(env.GetEnvironmentVariable, DeprecatedVariable);

    /// <summary>The one warning line for a use of the old variable.</summary>
    internal static void WarnOfDeprecatedVariable(CliEnvironment env) =>
        env.Error.WriteLine($"warning: ${DeprecatedVariable} is deprecated; set ${Variable} instead");
}
