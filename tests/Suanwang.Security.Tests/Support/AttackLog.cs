using System.Text;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// What one attack tried and how each attempt came out. An attempt either held (the broker stopped it) or
/// broke (evidence says what leaked or what went wrong); figures are printed with the result line.
/// </summary>
public sealed partial class AttackLog(string attack, string store)
{
    private const int MaxEvidenceChars = 400;
    private readonly List<string> _held = [];
    private readonly List<string> _breaks = [];
    private readonly List<string> _brokenAttempts = [];
    private readonly List<string> _skipped = [];
    private readonly List<string> _figures = [];

    public string Attack { get; } = attack;
    public string Store { get; } = store;
    public int Attempts => _held.Count + _breaks.Count;
    public IReadOnlyList<string> Breaks => _breaks;

    /// <summary>The attempt was stopped; <paramref name="outcome"/> says how (shown in the summary).</summary>
    public void Held(string attempt, string outcome) => _held.Add($"{attempt}: {outcome}");

    /// <summary>The attempt succeeded against the broker; <paramref name="evidence"/> says what leaked or broke.</summary>
    public void Broke(string attempt, string evidence)
    {
        _brokenAttempts.Add(attempt);
        _breaks.Add($"{attempt}: {Shorten(evidence)}");
    }

    /// <summary>Held when <paramref name="held"/>, else a break with <paramref name="evidence"/> (evaluated only then).</summary>
    public bool Check(string attempt, bool held, string outcome, Func<string> evidence)
    {
        if (held) Held(attempt, outcome);
        else Broke(attempt, evidence());
        return held;
    }

    /// <summary>An attempt not made here, and why (e.g. it needs a PID namespace to be safe to try).</summary>
    public void Skipped(string attempt, string why) => _skipped.Add($"{attempt}: {why}");

    /// <summary>A measured figure (time, size, count) to print with the result.</summary>
    public void Figure(string figure) => _figures.Add(figure);

    /// <summary>The one-line result, e.g. <c>token-theft [sqlite]: 9 attempts, 0 breaks (…)</c>.</summary>
    public string Line()
    {
        var line = new StringBuilder($"{Attack} [{Store}]: {Attempts} attempt{(Attempts == 1 ? "" : "s")}, {_breaks.Count} break{(_breaks.Count == 1 ? "" : "s")}");
        var notes = new List<string>(_figures);
        if (_skipped.Count > 0) notes.Add($"not tried: {string.Join("; ", _skipped)}");
        if (notes.Count > 0) line.Append($" ({string.Join("; ", notes)})");
        if (_breaks.Count > 0) line.Append($" — BROKEN: {string.Join("; ", _brokenAttempts)}");
        return line.ToString();
    }

    /// <summary>Every attempt with its outcome, for the test's own output.</summary>
    public string Details()
    {
        var text = new StringBuilder();
        foreach (string held in _held) text.AppendLine($"  held   {held}");
        foreach (string broke in _breaks) text.AppendLine($"  BROKE  {broke}");
        foreach (string skipped in _skipped) text.AppendLine($"  skip   {skipped}");
        return text.ToString();
    }

    /// <summary>Text cut to a readable length, control characters shown escaped, API token secrets cut to their start.</summary>
    public static string Shorten(string text, int max = MaxEvidenceChars)
    {
        text = TokenSecret().Replace(text, m => m.Value[..8] + "…");
        var clean = new StringBuilder(Math.Min(text.Length, max + 16));
        foreach (char c in text)
        {
            if (clean.Length >= max) { clean.Append('…'); break; }
            if (c == '\n') clean.Append(" ⏎ ");
            else if (char.IsControl(c)) clean.Append($"\\x{(int)c:x2}");
            else clean.Append(c);
        }
        return clean.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("swt_[A-Za-z0-9_-]{20,}")]
    private static partial System.Text.RegularExpressions.Regex TokenSecret();
}
