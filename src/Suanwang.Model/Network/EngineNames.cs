using System.Text.RegularExpressions;

namespace Suanwang.Model.Network;

/// <summary>
/// What an engine's name may be. A center's <see cref="Center.Backend"/> names the engine that runs it; a broker resolves
/// the name against the engines it registers, so a new engine needs no change here, only a name of this form.
/// </summary>
public static partial class EngineNames
{
    /// <summary>The rule, in words, for error messages.</summary>
    public const string Rule = "lower-case letters, digits and '-', starting with a letter, at most 32 characters";

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,31}\z")]
    private static partial Regex Pattern();
}
