using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// The mapped options of a script, the last occurrence of each winning (as on sbatch's command line),
/// with typed reads that report malformed values against the line that holds them.
/// </summary>
internal sealed class SbatchSettings
{
    private readonly Dictionary<string, SbatchDirective> last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> order = new(StringComparer.Ordinal);

    public SbatchSettings(IEnumerable<SbatchDirective> directives, ErrorSink errors)
    {
        int at = 0;
        foreach (SbatchDirective directive in directives)
        {
            last[directive.Option.Name] = directive;
            order[directive.Option.Name] = at++;
        }
        Errors = errors;
    }

    /// <summary>Whether <paramref name="name"/> was given after <paramref name="other"/> (or <paramref name="other"/> not at all), as getopt would apply them.</summary>
    public bool IsLater(string name, string other) =>
        order.TryGetValue(name, out int a) && (!order.TryGetValue(other, out int b) || a > b);

    public ErrorSink Errors { get; }

    public SbatchDirective? this[string name] => last.GetValueOrDefault(name);

    public bool Has(string name) => last.ContainsKey(name);

    /// <summary>The line of an option, for errors that concern it; the first directive line if it is absent.</summary>
    public string LocationOf(string name, string fallback) => last.TryGetValue(name, out var d) ? d.Line.Location : fallback;

    public void Error(SbatchDirective directive, string message) =>
        Errors.Add(directive.Line.Location, $"--{directive.Option.Name}: {message}");

    /// <summary>A whole number from 1 to <paramref name="max"/>, or null when absent or malformed.</summary>
    public int? PositiveInt(string name, int max)
    {
        if (this[name] is not { } directive) return null;
        string value = directive.Value;
        if (value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 && number <= max)
            return number;
        Error(directive, $"'{TextRules.Shorten(value, 20)}' must be a whole number from 1 to {max}");
        return null;
    }

    /// <summary>
    /// Plain text for names handed on to a Slurm center (job name, partition, account): kept exactly as
    /// written, shell characters included, but without control characters and within a length.
    /// </summary>
    public string? Text(string name, int maxChars)
    {
        if (this[name] is not { } directive) return null;
        string value = directive.Value;
        if (value.Trim().Length == 0 || value.Length > maxChars || TextRules.HasControlCharacter(value))
        {
            Error(directive, $"must be 1-{maxChars} characters without tabs or other control characters");
            return null;
        }
        return value;
    }
}
