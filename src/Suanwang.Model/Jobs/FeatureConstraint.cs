using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Suanwang.Model.Network;

namespace Suanwang.Model.Jobs;

/// <summary>
/// A node-feature constraint as Slurm's <c>--constraint</c> (<c>-C</c>) writes it: a feature (<c>a100</c>), AND
/// (<c>a&amp;b</c>, also written <c>a,b</c>), OR (<c>a|b</c>), a node count (<c>a*2</c>), parentheses
/// (<c>(a|b)&amp;c</c>) and one bracketed set: a matching OR (<c>[rack1|rack2]</c>) or multiple counts
/// (<c>[a*2&amp;b*4]</c>). Outside parentheses Slurm reads <c>&amp;</c> and <c>|</c> left to right with no precedence
/// (<c>a|b&amp;c</c> is <c>(a|b)&amp;c</c>); inside, it expects one operator, so a group mixing them is refused.
/// Feature names compare case-sensitively, as Slurm compares them.
/// </summary>
/// <remarks>
/// Placement judges a pool, whose nodes are identical, so a constraint is checked against one set of features and a
/// node count: OR and matching OR are met when the pool has any of the alternatives, a count when the pool has the
/// feature and at least that many nodes, a bracketed set of counts when it has every feature and their total of nodes.
/// </remarks>
[JsonConverter(typeof(FeatureConstraintJsonConverter))]
public sealed class FeatureConstraint : IEquatable<FeatureConstraint>
{
    /// <summary>Longest constraint text accepted.</summary>
    public const int MaxLength = 1024;

    private readonly Node _root;
    private readonly string _text;

    private FeatureConstraint(Node root)
    {
        _root = root;
        var text = new StringBuilder();
        root.Write(text);
        _text = text.ToString();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        root.CollectNames(names);
        Features = names;
    }

    /// <summary>Every feature name the constraint mentions, in ordinal order.</summary>
    public IReadOnlyCollection<string> Features { get; }

    /// <summary>
    /// Reads <paramref name="text"/> as Slurm's <c>--constraint</c> grammar. Spaces are not allowed (sbatch passes
    /// them through, and no feature name has one).
    /// </summary>
    /// <exception cref="FormatException">The text is not a constraint; the message names the position (1-based) and what is wrong.</exception>
    public static FeatureConstraint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new FormatException("the constraint is empty; write a feature name such as a100, or a&b, a|b, [a|b]");
        if (text.Length > MaxLength) throw new FormatException($"the constraint is {text.Length} characters long; at most {MaxLength} are accepted");
        return new FeatureConstraint(new Parser(text).ParseAll());
    }

    /// <summary>Like <see cref="Parse"/>, but returns false with the reason instead of throwing.</summary>
    public static bool TryParse(string text, out FeatureConstraint? constraint, out string? error)
    {
        try
        {
            constraint = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            constraint = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>True when a node with <paramref name="features"/> meets the constraint (node counts are not checked).</summary>
    public bool IsSatisfiedBy(IReadOnlySet<string> features) => IsSatisfiedBy(features, int.MaxValue);

    /// <summary>
    /// True when a pool of <paramref name="nodeCount"/> identical nodes, each with <paramref name="features"/>, meets the
    /// constraint: every count it asks for is within the pool's nodes.
    /// </summary>
    public bool IsSatisfiedBy(IReadOnlySet<string> features, int nodeCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        return _root.Eval(features, nodeCount);
    }

    /// <summary>The constraint as Slurm's text, canonical: <c>,</c> written <c>&amp;</c>, parentheses only where written or needed.</summary>
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(FeatureConstraint? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FeatureConstraint);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    // ---- the tree ----

    private enum Op { And, Or }

    private abstract class Node
    {
        public int? Count { get; init; }
        public abstract bool Eval(IReadOnlySet<string> features, int nodes);
        public abstract void Write(StringBuilder text);
        public abstract void CollectNames(ISet<string> names);
        protected void WriteCount(StringBuilder text)
        {
            if (Count is { } n) text.Append('*').Append(n);
        }
        protected bool CountFits(int nodes) => Count is not { } n || n <= nodes;
    }

    private sealed class Feature(string name) : Node
    {
        public string Name { get; } = name;
        public override bool Eval(IReadOnlySet<string> features, int nodes) => features.Contains(Name) && CountFits(nodes);
        public override void Write(StringBuilder text) { text.Append(Name); WriteCount(text); }
        public override void CollectNames(ISet<string> names) => names.Add(Name);
    }

    // Terms joined by operators, read left to right as Slurm reads them.
    private sealed class Sequence(IReadOnlyList<Node> terms, IReadOnlyList<Op> ops) : Node
    {
        public IReadOnlyList<Node> Terms { get; } = terms;
        public IReadOnlyList<Op> Ops { get; } = ops;

        public override bool Eval(IReadOnlySet<string> features, int nodes)
        {
            bool value = Terms[0].Eval(features, nodes);
            for (int i = 0; i < Ops.Count; i++)
                value = Ops[i] == Op.And ? value && Terms[i + 1].Eval(features, nodes) : value || Terms[i + 1].Eval(features, nodes);
            return value;
        }

        public override void Write(StringBuilder text)
        {
            Terms[0].Write(text);
            for (int i = 0; i < Ops.Count; i++)
            {
                text.Append(Ops[i] == Op.And ? '&' : '|');
                Terms[i + 1].Write(text);
            }
        }

        public override void CollectNames(ISet<string> names)
        {
            foreach (var term in Terms) term.CollectNames(names);
        }
    }

    private sealed class Group(Node inner) : Node
    {
        public Node Inner { get; } = inner;
        public override bool Eval(IReadOnlySet<string> features, int nodes) => Inner.Eval(features, nodes) && CountFits(nodes);
        public override void Write(StringBuilder text) { text.Append('('); Inner.Write(text); text.Append(')'); WriteCount(text); }
        public override void CollectNames(ISet<string> names) => Inner.CollectNames(names);
    }

    // [a|b|c]: all nodes share one of the alternatives; [a*2&b*4]: that many nodes with each.
    private sealed class Bracket(Sequence inner) : Node
    {
        public Sequence Inner { get; } = inner;

        public override bool Eval(IReadOnlySet<string> features, int nodes)
        {
            if (Inner.Ops.Count > 0 && Inner.Ops[0] == Op.Or) return Inner.Eval(features, nodes);
            long total = 0;
            foreach (var term in Inner.Terms)
            {
                if (!term.Eval(features, nodes)) return false;
                total += term.Count ?? 0;
            }
            return total <= nodes;
        }

        public override void Write(StringBuilder text) { text.Append('['); Inner.Write(text); text.Append(']'); }
        public override void CollectNames(ISet<string> names) => Inner.CollectNames(names);
    }

    // ---- the parser ----

    private sealed class Parser(string text)
    {
        private int _at;
        private int _depth;
        private int _bracketAt = -1;

        public Node ParseAll()
        {
            var node = ParseSequence(closing: null);
            if (_at < text.Length)
                throw Error(_at, char.IsWhiteSpace(text[_at])
                    ? "a space is not allowed; write the constraint without spaces, e.g. a100&ib"
                    : $"unexpected '{text[_at]}'{ClosingHint(text[_at])}");
            return node;
        }

        private static string ClosingHint(char c) => c switch
        {
            ')' => " with no '(' before it",
            ']' => " with no '[' before it",
            _ => "",
        };

        // A run of terms joined by & , or |, up to the end or the closing character of its group.
        private Node ParseSequence(char? closing)
        {
            var terms = new List<Node>();
            var ops = new List<Op>();
            var opAt = new List<int>();
            terms.Add(ParseTerm());
            while (_at < text.Length && text[_at] is '&' or ',' or '|')
            {
                opAt.Add(_at);
                ops.Add(text[_at] == '|' ? Op.Or : Op.And);
                _at++;
                if (_at == text.Length) throw Error(_at, $"a feature is missing after '{text[_at - 1]}' at the end");
                terms.Add(ParseTerm());
            }
            if (closing is not null && ops.Distinct().Count() > 1)
            {
                int second = opAt[ops.IndexOf(ops[0] == Op.And ? Op.Or : Op.And)];
                throw Error(second, closing == ']'
                    ? "a bracketed set is either a matching OR ([a|b]) or counts joined by '&' ([a*2&b*4]), not both"
                    : "'&' and '|' are mixed inside parentheses; Slurm expects one operator per group: write (a&b)|c or a&(b|c)");
            }
            if (ops.Contains(Op.Or))
            {
                // Slurm refuses node counts joined by OR; a count goes on a whole group: [(a|b)*1&c*2].
                foreach (var term in terms)
                    if (term.Count is not null)
                        throw Error(CountPosition(term), "a node count (*N) cannot be joined with '|' (OR); count a whole group instead, e.g. [(a|b)*2&c*1]");
            }
            var sequence = new Sequence(terms, ops);
            return terms.Count == 1 && closing is null ? terms[0] : sequence;
        }

        private readonly Dictionary<Node, int> _countAt = new(ReferenceEqualityComparer.Instance);

        private int CountPosition(Node node) => _countAt.TryGetValue(node, out int at) ? at : 0;

        private Node ParseTerm()
        {
            if (_at >= text.Length) throw Error(_at, "a feature name is missing at the end");
            char c = text[_at];
            Node node;
            if (c == '(')
            {
                int open = _at++;
                _depth++;
                if (_at < text.Length && text[_at] == ')') throw Error(_at, "empty parentheses");
                var inner = ParseSequence(closing: ')');
                if (_at >= text.Length || text[_at] != ')') throw Error(open, "'(' is never closed");
                _at++;
                _depth--;
                node = new Group(inner is Sequence { Terms.Count: 1 } single ? single.Terms[0] : inner);
            }
            else if (c == '[')
            {
                int open = _at;
                if (_bracketAt >= 0) throw Error(open, $"Slurm allows one bracketed set per job; another starts at position {_bracketAt + 1}");
                if (_depth > 0) throw Error(open, "a bracketed set cannot be inside parentheses");
                _bracketAt = open;
                _at++;
                _depth++;
                if (_at < text.Length && text[_at] == ']') throw Error(_at, "empty brackets");
                var inner = (Sequence)ParseSequence(closing: ']');
                if (_at >= text.Length || text[_at] != ']') throw Error(open, "'[' is never closed");
                _at++;
                _depth--;
                if (inner.Ops.Count > 0 && inner.Ops[0] == Op.And)
                {
                    // Slurm: "AND operators require a count for each feature inside square brackets".
                    foreach (var term in inner.Terms)
                        if (term.Count is null) throw Error(open, "inside brackets, features joined by '&' each need a node count, e.g. [a*2&b*4]");
                }
                return Counted(new Bracket(inner), allowCount: false);
            }
            else if (FeatureNames.IsNameChar(c))
            {
                int start = _at;
                while (_at < text.Length && FeatureNames.IsNameChar(text[_at])) _at++;
                string name = text[start.._at];
                if (name.Length > FeatureNames.MaxLength) throw Error(start, $"the feature name is {name.Length} characters long; at most {FeatureNames.MaxLength}");
                node = new Feature(name);
            }
            else
            {
                string what = char.IsWhiteSpace(c) ? "a space" : $"'{c}'";
                throw Error(_at, c is '&' or ',' or '|' or '*'
                    ? $"a feature name is missing before {what}"
                    : $"{what} cannot be part of a feature name ({FeatureNames.Rule})");
            }
            return Counted(node, allowCount: true);
        }

        // An optional "*N" after a term.
        private Node Counted(Node node, bool allowCount)
        {
            if (_at >= text.Length || text[_at] != '*') return node;
            int star = _at++;
            if (!allowCount) throw Error(star, "a node count goes on the features inside the brackets, not on the brackets");
            int start = _at;
            while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
            if (start == _at) throw Error(start, "'*' must be followed by a node count, e.g. a100*2");
            if (!int.TryParse(text.AsSpan(start, _at - start), out int count) || count < 1 || count > 100_000)
                throw Error(start, $"the node count '{text[start.._at]}' must be a whole number from 1 to 100000");
            Node counted = node switch
            {
                Feature f => new Feature(f.Name) { Count = count },
                Group g => new Group(g.Inner) { Count = count },
                _ => node,
            };
            _countAt[counted] = star;
            return counted;
        }

        private FormatException Error(int at, string message) =>
            new($"position {at + 1} of '{text}': {message}");
    }
}

/// <summary>Writes a <see cref="FeatureConstraint"/> as its Slurm text and reads it back.</summary>
public sealed class FeatureConstraintJsonConverter : JsonConverter<FeatureConstraint>
{
    /// <inheritdoc />
    public override FeatureConstraint? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a feature constraint is a string, e.g. \"a100&ib\"");
        try
        {
            return FeatureConstraint.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FeatureConstraint value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
