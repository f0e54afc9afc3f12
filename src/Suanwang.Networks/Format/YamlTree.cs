using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Suanwang.Networks.Format;

/// <summary>A node of a parsed YAML document, with the 1-based line it starts on.</summary>
internal abstract class YNode(int line)
{
    public int Line { get; } = line;

    /// <summary>Short description for "expected X, got Y" messages.</summary>
    public abstract string Describe();
}

internal sealed class YScalar(int line, string value, bool isPlain) : YNode(line)
{
    public string Value { get; } = value;

    /// <summary>True for an unquoted scalar; only those can be YAML null (<c>~</c>, <c>null</c>, empty).</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing (null)" : $"'{Truncate(Value)}'";

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

internal sealed class YSequence(int line, IReadOnlyList<YNode> items) : YNode(line)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string Describe() => "a list";
}

internal sealed class YMapping(
    int line,
    IReadOnlyList<KeyValuePair<YScalar, YNode>> entries,
    IReadOnlyList<DuplicateKey> duplicates) : YNode(line)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    /// <summary>Keys given twice; the first value wins and the reader reports each repeat.</summary>
    public IReadOnlyList<DuplicateKey> Duplicates { get; } = duplicates;

    public override string Describe() => "a mapping";
}

/// <summary>A key repeated in one mapping.</summary>
internal sealed record DuplicateKey(YScalar Key, int FirstLine);

/// <summary>Thrown by <see cref="YamlTree.Parse"/> when the text is not YAML we can read.</summary>
internal sealed class YamlTreeException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>
/// Builds a small node tree from YamlDotNet's event parser. We do not use YamlDotNet's
/// representation model because it recurses per nesting level (deeply nested garbage
/// overflows the stack, which no catch can stop) and throws on duplicate keys without
/// telling us where the first one was. This builder is iterative and caps the depth.
/// </summary>
internal static class YamlTree
{
    /// <summary>Deepest nesting accepted; network files need about 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses one YAML document; returns null for an empty stream.</summary>
    public static YNode? Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Build(parser);
        }
        catch (YamlException e)
        {
            throw new YamlTreeException((int)e.Start.Line, (int)e.Start.Column, Clean(e.Message));
        }
        catch (Exception e) when (e is not (YamlTreeException or OutOfMemoryException))
        {
            // YamlDotNet's scanner throws other exceptions on some malformed input (seen:
            // InvalidOperationException for an unclosed flow list); it is still a syntax error.
            var near = parser.Current?.End;
            throw new YamlTreeException((int)(near?.Line ?? 1), (int)(near?.Column ?? 1), "not valid YAML after this point (check brackets, quotes and indentation)");
        }
    }

    private static YNode? Build(Parser parser)
    {
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        YNode? root = null;
        int documents = 0;

        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            int line = (int)ev.Start.Line;
            switch (ev)
            {
                case DocumentStart:
                    documents++;
                    if (documents > 1)
                        throw new YamlTreeException(line, (int)ev.Start.Column, "a network file holds one YAML document; found a second one ('---')");
                    break;
                case Scalar s:
                    Add(new YScalar(line, s.Value, s.Style == ScalarStyle.Plain), s.Anchor);
                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        throw new YamlTreeException(line, (int)ev.Start.Column, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                    Add(target, AnchorName.Empty);
                    break;
                case SequenceStart ss:
                    Push(new Frame(line, isMapping: false, ss.Anchor), ev);
                    break;
                case MappingStart ms:
                    Push(new Frame(line, isMapping: true, ms.Anchor), ev);
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = stack.Pop();
                    Add(frame.ToNode(), frame.Anchor);
                    break;
            }
        }
        return root;

        void Push(Frame frame, ParsingEvent ev)
        {
            if (stack.Count >= MaxDepth)
                throw new YamlTreeException((int)ev.Start.Line, (int)ev.Start.Column, $"nesting deeper than {MaxDepth} levels");
            stack.Push(frame);
        }

        void Add(YNode node, AnchorName anchor)
        {
            // Registered only once complete, so an alias can never point into its own anchor (no cycles).
            if (!anchor.IsEmpty) anchors[anchor.Value] = node;
            if (stack.Count == 0) root = node;
            else stack.Peek().Add(node);
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes some messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; we report the line ourselves.
        int i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
    }

    private sealed class Frame(int line, bool isMapping, AnchorName anchor)
    {
        private readonly List<YNode> _items = new();
        private readonly List<KeyValuePair<YScalar, YNode>> _entries = new();
        private readonly Dictionary<string, int> _keyLines = new(StringComparer.Ordinal);
        private readonly List<DuplicateKey> _duplicates = new();
        private YScalar? _pendingKey;
        private bool _dropPendingValue;

        public AnchorName Anchor { get; } = anchor;

        public void Add(YNode node)
        {
            if (!isMapping)
            {
                _items.Add(node);
                return;
            }
            if (_pendingKey is null)
            {
                if (node is not YScalar key)
                    throw new YamlTreeException(node.Line, 1, "mapping keys must be plain names, not lists or mappings");
                _dropPendingValue = _keyLines.TryGetValue(key.Value, out int firstLine);
                if (_dropPendingValue) _duplicates.Add(new DuplicateKey(key, firstLine));
                else _keyLines[key.Value] = key.Line;
                _pendingKey = key;
                return;
            }
            if (!_dropPendingValue) _entries.Add(new(_pendingKey, node));
            _pendingKey = null;
        }

        public YNode ToNode() => isMapping ? new YMapping(line, _entries, _duplicates) : new YSequence(line, _items);
    }
}
