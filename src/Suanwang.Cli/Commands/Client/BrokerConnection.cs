using Suanwang.Model.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Suanwang.Cli.Commands.Client;

/// <summary>
/// Which broker the client verbs talk to and with which token, and where each came from (for error messages).
/// Each setting resolves on its own, first found wins: the flag (<c>--broker</c>, <c>--token</c>); the
/// environment (<c>$SUANWANG_BROKER</c>, <c>$SUANWANG_TOKEN</c>); the config file (<c>broker:</c>,
/// <c>token:</c>; see <see cref="SuanwangPaths.ConfigFile"/>); the default — <c>http://127.0.0.1:8080</c>, and
/// the token <c>suanwang serve</c> wrote to <c>DATA/tokens/default.token</c>, where DATA is <c>--data</c> or else
/// <see cref="SuanwangPaths.DefaultDataDirectory"/>. That file is read only for a broker on this machine (a loopback
/// address), so a local token is never sent elsewhere.
/// </summary>
/// <param name="Broker">The broker's URL.</param>
/// <param name="Token">The bearer token, or null when none was found.</param>
/// <param name="BrokerSource">Where <paramref name="Broker"/> came from (<c>--broker</c>, <c>$SUANWANG_BROKER</c>, a config file, <c>default</c>).</param>
/// <param name="TokenSource">Where <paramref name="Token"/> came from; when none was found, <see cref="NoToken"/> and what was looked at.</param>
public sealed record BrokerConnection(Uri Broker, string? Token, string BrokerSource, string TokenSource)
{
    /// <summary>The environment variable naming the broker URL.</summary>
    public const string BrokerVariable = "SUANWANG_BROKER";

    /// <summary>The environment variable holding the token.</summary>
    public const string TokenVariable = "SUANWANG_TOKEN";

    /// <summary>How <see cref="TokenSource"/> starts when no token was found.</summary>
    public const string NoToken = "no token";

    /// <summary>The broker <c>suanwang serve</c> listens on by default.</summary>
    public const string DefaultBroker = "http://127.0.0.1:8080";

    /// <summary>Resolves the connection from the flags, the environment, the config file and the defaults.</summary>
    /// <param name="brokerFlag">The <c>--broker</c> value, if given.</param>
    /// <param name="tokenFlag">The <c>--token</c> value, if given.</param>
    /// <param name="environment">Environment lookup.</param>
    /// <param name="dataFlag">The <c>--data</c> value, if given: the local broker's data folder, holding its default tenant's token.</param>
    /// <exception cref="SpecException">A URL is malformed, or the config file is unreadable or invalid.</exception>
    public static BrokerConnection Resolve(string? brokerFlag, string? tokenFlag, Func<string, string?> environment, string? dataFlag = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = new Lazy<ConfigFile?>(() => ConfigFile.Load(environment));

        (string text, string source) = NonEmpty(brokerFlag) is { } flag ? (flag, "--broker")
            : SuanwangPaths.Value(environment, BrokerVariable) is { } variable ? (variable, "$" + BrokerVariable)
            : config.Value?.Broker is { } configured ? (configured, config.Value.Path)
            : (DefaultBroker, "default");
        var broker = ParseUrl(text, source);

        if (NonEmpty(tokenFlag) is { } token) return new(broker, token, source, "--token");
        if (SuanwangPaths.Value(environment, TokenVariable) is { } fromVariable) return new(broker, fromVariable.Trim(), source, "$" + TokenVariable);
        if (config.Value?.Token is { } fromConfig) return new(broker, fromConfig, source, config.Value.Path);
        string configPath = config.Value?.Path ?? SuanwangPaths.ConfigFile(environment).Path;
        string tokenFile = NonEmpty(dataFlag) is { } data
            ? SuanwangPaths.DefaultTokenFileIn(Path.GetFullPath(data))
            : SuanwangPaths.DefaultTokenFile(environment);
        if (!broker.IsLoopback)
            return new(broker, null, source, $"{NoToken}; looked for --token, ${TokenVariable} and token: in {configPath} ({tokenFile} is used only for a broker on this machine)");
        string? fromFile = File.Exists(tokenFile) ? NonEmpty(File.ReadAllText(tokenFile)) : null;
        return fromFile is null
            ? new(broker, null, source, $"{NoToken}; looked for --token, ${TokenVariable}, token: in {configPath} and {tokenFile}")
            : new(broker, fromFile, source, tokenFile);
    }

    /// <summary>A broker URL; a bare <c>host:port</c> means http.</summary>
    private static Uri ParseUrl(string text, string source)
    {
        string url = text.Trim();
        if (!url.Contains("://", StringComparison.Ordinal)) url = "http://" + url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
            return uri;
        throw new SpecException(source, [new SpecError(source, $"'{text}' is not a broker URL; expected e.g. {DefaultBroker} or https://suanwang.example.org")]);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The client config file: YAML with optional <c>broker:</c> and <c>token:</c>.</summary>
    private sealed record ConfigFile(string Path, string? Broker, string? Token)
    {
        public static ConfigFile? Load(Func<string, string?> environment)
        {
            var (path, isExplicit) = SuanwangPaths.ConfigFile(environment);
            if (!File.Exists(path))
            {
                if (isExplicit) throw new SpecException("$" + SuanwangPaths.ConfigVariable, [new SpecError("$" + SuanwangPaths.ConfigVariable, $"no such file: {path}")]);
                return null;
            }
            var stream = new YamlStream();
            try
            {
                using var reader = new StringReader(File.ReadAllText(path));
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                throw new SpecException(path, [new SpecError($"line {e.Start.Line}", e.Message)]);
            }
            if (stream.Documents.Count == 0) return new ConfigFile(path, null, null);
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
                throw new SpecException(path, [new SpecError("(root)", "expected a mapping with broker: and token:")]);
            return new ConfigFile(path, Scalar(root, "broker", path), Scalar(root, "token", path));
        }

        private static string? Scalar(YamlMappingNode root, string key, string path)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            if (node is not YamlScalarNode scalar) throw new SpecException(path, [new SpecError(key, "expected a single value")]);
            return NonEmpty(scalar.Value);
        }
    }
}
