namespace Suanwang.Cli;

/// <summary>
/// Where Suanwang keeps its files on a machine, following the XDG base-directory convention. Shared by the client
/// verbs (which read the default token) and <c>suanwang serve</c> (which writes it), so the two agree.
/// </summary>
public static class SuanwangPaths
{
    /// <summary>Overrides the data directory (the broker's database, tokens).</summary>
    public const string DataVariable = "SUANWANG_DATA";

    /// <summary>
    /// How the user runs the command, as the repository's <c>./suanwang</c> launcher saw it (<c>./suanwang</c> when it
    /// is not on PATH); hints that print a command use it, so the printed line runs as it is.
    /// </summary>
    public const string CommandNameVariable = "SUANWANG_COMMAND_NAME";

    /// <summary>Names the client config file, overriding the XDG location.</summary>
    public const string ConfigVariable = "SUANWANG_CONFIG";

    /// <summary>
    /// The data directory: <c>$SUANWANG_DATA</c>, else <c>$XDG_DATA_HOME/suanwang</c>, else
    /// <c>~/.local/share/suanwang</c>. Not created here.
    /// </summary>
    /// <param name="environment">Environment lookup (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    public static string DefaultDataDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Value(environment, DataVariable) is { } data) return data;
        if (Value(environment, "XDG_DATA_HOME") is { } xdg) return Path.Combine(xdg, "suanwang");
        return Path.Combine(HomeDirectory(environment), ".local", "share", "suanwang");
    }

    /// <summary>The default tenant's token, written by <c>suanwang serve</c> on first start: <c>&lt;data dir&gt;/tokens/default.token</c>.</summary>
    /// <param name="environment">Environment lookup.</param>
    public static string DefaultTokenFile(Func<string, string?> environment) =>
        DefaultTokenFileIn(DefaultDataDirectory(environment));

    /// <summary>The default tenant's token in the data directory <paramref name="dataDirectory"/>: <c>DIR/tokens/default.token</c>.</summary>
    public static string DefaultTokenFileIn(string dataDirectory) => Path.Combine(dataDirectory, "tokens", "default.token");

    /// <summary>
    /// The client config file and whether it was named explicitly: <c>$SUANWANG_CONFIG</c> (explicit), else
    /// <c>$XDG_CONFIG_HOME/suanwang/config.yaml</c>, else <c>~/.config/suanwang/config.yaml</c>.
    /// </summary>
    /// <param name="environment">Environment lookup.</param>
    public static (string Path, bool Explicit) ConfigFile(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Value(environment, ConfigVariable) is { } named) return (named, true);
        string folder = Value(environment, "XDG_CONFIG_HOME") ?? Path.Combine(HomeDirectory(environment), ".config");
        return (Path.Combine(folder, "suanwang", "config.yaml"), false);
    }

    /// <summary>The user's home: <c>$HOME</c>, else the platform's profile folder.</summary>
    /// <param name="environment">Environment lookup.</param>
    public static string HomeDirectory(Func<string, string?> environment) =>
        Value(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The variable's value, or null when it is unset or empty (an empty variable counts as unset).</summary>
    internal static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
