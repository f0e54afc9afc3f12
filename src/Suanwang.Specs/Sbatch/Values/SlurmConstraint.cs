using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>A node-feature expression of <c>--constraint</c>, parsed.</summary>
internal abstract record FeatureExpression
{
    /// <summary>The expression in Slurm's canonical text (<c>,</c> written as <c>&amp;</c>, as slurmctld shows it).</summary>
    public abstract string Text { get; }
}

/// <summary>One feature, optionally on a number of the nodes (<c>gpu*2</c>).</summary>
internal sealed record FeatureName(string Name, int? Count) : FeatureExpression
{
    public override string Text => Count is { } n ? $"{Name}*{n.ToString(CultureInfo.InvariantCulture)}" : Name;
}

/// <summary>Every part must hold (<c>a&amp;b</c>, <c>a,b</c>).</summary>
internal sealed record FeatureAll(IReadOnlyList<FeatureExpression> Parts) : FeatureExpression
{
    public override string Text => string.Join("&", Parts.Select(p => p.Text));
}

/// <summary>One of the parts must hold (<c>a|b</c>).</summary>
internal sealed record FeatureAny(IReadOnlyList<FeatureExpression> Parts) : FeatureExpression
{
    public override string Text => string.Join("|", Parts.Select(p => p.Text));
}

/// <summary>A group: <c>(…)</c>, or <c>[…]</c>, where the nodes must all match the same alternative (or the counts).</summary>
internal sealed record FeatureGroup(FeatureExpression Inner, bool Matching) : FeatureExpression
{
    public override string Text => Matching ? $"[{Inner.Text}]" : $"({Inner.Text})";
}

/// <summary>
/// Slurm's <c>--constraint</c> syntax, as far as validating it needs: feature names joined by <c>&amp;</c> or <c>,</c>
/// (both AND), <c>|</c> (OR), counts (<c>a*2</c>), parentheses, and one level of brackets (<c>[a|b]</c>,
/// <c>[a*2&amp;b*2]</c>). Whether a feature exists is for placement to decide; this only refuses what is malformed.
/// </summary>
internal static class SlurmConstraint
{
    public const string Formats = "feature names joined by & or , (all), | (any), with counts (a*2), ( ) and [ ], e.g. a100&ib or [rome|icelake]";

    private const string Operators = "&,|*()[]";

    public static bool TryParse(string text, out FeatureExpression? expression, out string error)
    {
        var parser = new Parser(text);
        expression = null;
        error = "";
        FeatureExpression? parsed = parser.Expression(depth: 0, inBrackets: false);
        if (parsed is null || parser.Error is not null || !parser.AtEnd)
        {
            error = (parser.Error ?? $"has an unexpected '{parser.Current}' at position {parser.Position + 1}") + $"; use {Formats}";
            return false;
        }
        expression = parsed;
        return true;
    }

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 16;

        public int Position { get; private set; }

        public string? Error { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Current => AtEnd ? ' ' : text[Position];

        public FeatureExpression? Expression(int depth, bool inBrackets)
        {
            var all = new List<FeatureExpression>();
            var any = new List<FeatureExpression>();
            while (true)
            {
                FeatureExpression? term = Term(depth, inBrackets);
                if (term is null) return null;
                all.Add(term);
                if (!AtEnd && (char.IsWhiteSpace(Current) || char.IsControl(Current)))
                    return Fail("contains a blank or control character; features are joined by &, | or ,");
                if (AtEnd || Current is not ('&' or ',' or '|')) break;
                char op = text[Position++];
                if (op == '|')
                {
                    any.Add(Join(all));
                    all = [];
                }
                if (AtEnd) return Fail($"ends with '{op}'; a feature must follow it");
            }
            any.Add(Join(all));
            return any.Count == 1 ? any[0] : new FeatureAny(any);
        }

        private static FeatureExpression Join(List<FeatureExpression> parts) => parts.Count == 1 ? parts[0] : new FeatureAll(parts.ToArray());

        private FeatureExpression? Term(int depth, bool inBrackets)
        {
            if (depth > MaxDepth) return Fail($"nests more than {MaxDepth} groups");
            if (AtEnd) return Fail("is missing a feature");
            char c = Current;
            if (c is '(' or '[')
            {
                if (c == '[' && inBrackets) return Fail("nests [ ] inside [ ], which Slurm does not allow");
                Position++;
                FeatureExpression? inner = Expression(depth + 1, inBrackets || c == '[');
                if (inner is null) return null;
                char close = c == '(' ? ')' : ']';
                if (Current != close || AtEnd) return Fail($"has '{c}' without its '{close}'");
                Position++;
                return new FeatureGroup(inner, c == '[');
            }
            int start = Position;
            while (!AtEnd && !Operators.Contains(Current, StringComparison.Ordinal) && !char.IsWhiteSpace(Current) && !char.IsControl(Current)) Position++;
            if (Position == start)
                return Fail(char.IsWhiteSpace(c) || char.IsControl(c)
                    ? "contains a blank or control character; features are joined by &, | or ,"
                    : $"has '{c}' where a feature name should be");
            string name = text[start..Position];
            int? count = null;
            if (!AtEnd && Current == '*')
            {
                Position++;
                int digits = Position;
                while (!AtEnd && char.IsAsciiDigit(Current)) Position++;
                string number = text[digits..Position];
                if (number.Length is 0 or > 6 || int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture) is 0)
                    return Fail($"has {TextRules.Shorten(name, 30)}* without a node count from 1, e.g. {TextRules.Shorten(name, 30)}*2");
                count = int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            return new FeatureName(name, count);
        }

        private FeatureExpression? Fail(string message)
        {
            Error ??= message;
            return null;
        }
    }
}
