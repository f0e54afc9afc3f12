using Suanwang.Specs.Common;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Suanwang.Specs.Native;

/// <summary>
/// Turns YAML (or JSON, which YAML reads) into a <see cref="YamlValue"/> tree, bounded in depth and size.
/// Works on the parser's event stream with an explicit stack, so deep nesting can neither overflow the
/// call stack nor allocate without limit. Aliases are refused (they are how "billion laughs" documents
/// blow up), as are custom tags and more than one document.
/// </summary>
internal static class YamlTreeLoader
{
    private sealed class Frame(int line, int column, bool isMapping)
    {
        public int Line { get; } = line;
        public int Column { get; } = column;
        public bool IsMapping { get; } = isMapping;
        public List<YamlValue> Items { get; } = new();
        public List<KeyValuePair<string, YamlValue>> Entries { get; } = new();
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public YamlScalar? PendingKey { get; set; }
    }

    /// <summary>The tree, or null when the text is not usable YAML (the reasons are in <paramref name="errors"/>).</summary>
    public static YamlValue? Load(string text, ErrorSink errors)
    {
        var parser = new Parser(new StringReader(text));
        var lastGood = Mark.Empty;
        try
        {
            return LoadEvents(parser, errors, ref lastGood);
        }
        catch (YamlException ex)
        {
            var (at, message) = YamlSyntaxError.Describe(ex, text, lastGood);
            errors.Add($"line {at.Line}, column {at.Column}", "not valid YAML or JSON: " + message, at);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The parser is a third-party component fed user text, and some malformed inputs trip it
            // with plain .NET exceptions (an unclosed '[' before a line break does). That is still the
            // user's text being unreadable: report where parsing last succeeded, never crash.
            errors.Add(Where(lastGood), "not valid YAML or JSON after this point; check brackets, quotes and indentation", Position(lastGood));
            return null;
        }
    }

    private static YamlValue? LoadEvents(IParser parser, ErrorSink errors, ref Mark lastGood)
    {
        var stack = new Stack<Frame>();
        YamlValue? root = null;
        int documents = 0;
        int nodes = 0;

        while (parser.MoveNext())
        {
            ParsingEvent current = parser.Current!;
            lastGood = current.End;
            switch (current)
            {
                case DocumentStart start:
                    if (++documents > 1)
                    {
                        errors.Add(Where(start.Start), "a spec holds one YAML document; remove the second '---' and what follows", Position(start.Start));
                        return null;
                    }
                    continue;
                case AnchorAlias alias:
                    errors.Add(Where(alias.Start), $"YAML aliases (*{alias.Value}) are not supported in job specs; write the value out", Position(alias.Start));
                    return null;
                case NodeEvent node when !node.Tag.IsEmpty && !IsStandardTag(node.Tag.Value):
                    errors.Add(Where(node.Start), $"YAML tags ({node.Tag.Value}) are not supported in job specs; remove the tag", Position(node.Start));
                    return null;
                case Scalar scalar:
                    if (++nodes > SpecLimits.MaxYamlNodes) return TooBig(scalar, errors);
                    var value = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, Line(scalar.Start), Column(scalar.Start));
                    if (!Attach(stack, value, ref root, errors)) return null;
                    continue;
                case SequenceStart sequence:
                    if (++nodes > SpecLimits.MaxYamlNodes) return TooBig(sequence, errors);
                    if (stack.Count >= SpecLimits.MaxNestingDepth) return TooDeep(sequence, errors);
                    stack.Push(new Frame(Line(sequence.Start), Column(sequence.Start), isMapping: false));
                    continue;
                case MappingStart mapping:
                    if (++nodes > SpecLimits.MaxYamlNodes) return TooBig(mapping, errors);
                    if (stack.Count >= SpecLimits.MaxNestingDepth) return TooDeep(mapping, errors);
                    stack.Push(new Frame(Line(mapping.Start), Column(mapping.Start), isMapping: true));
                    continue;
                case SequenceEnd or MappingEnd:
                    Frame done = stack.Pop();
                    YamlValue built = done.IsMapping
                        ? new YamlMapping(done.Entries, done.Line, done.Column)
                        : new YamlSequence(done.Items, done.Line, done.Column);
                    if (!Attach(stack, built, ref root, errors)) return null;
                    continue;
                default:
                    // StreamStart, StreamEnd, DocumentEnd, comments: nothing to build.
                    continue;
            }
        }

        if (root is null || root is YamlScalar { IsNull: true })
        {
            errors.Add("document", "the spec is empty");
            return null;
        }
        return root;
    }

    private static bool Attach(Stack<Frame> stack, YamlValue value, ref YamlValue? root, ErrorSink errors)
    {
        if (stack.Count == 0)
        {
            root = value;
            return true;
        }
        Frame top = stack.Peek();
        if (!top.IsMapping)
        {
            top.Items.Add(value);
            return true;
        }
        if (top.PendingKey is null)
        {
            if (value is not YamlScalar key)
            {
                errors.Add(At(value), $"a mapping key must be plain text, not {value.Describe()}", Position(value));
                return false;
            }
            top.PendingKey = key;
            return true;
        }
        YamlScalar pending = top.PendingKey;
        top.PendingKey = null;
        if (!top.Keys.Add(pending.Text))
        {
            errors.Add(At(pending), $"the key '{TextRules.Shorten(pending.Text)}' appears twice in the same mapping; keep one", Position(pending));
            return true;
        }
        top.Entries.Add(new KeyValuePair<string, YamlValue>(pending.Text, value));
        return true;
    }

    private static bool IsStandardTag(string tag) =>
        tag == "!" || tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal);

    private static YamlValue? TooBig(ParsingEvent at, ErrorSink errors)
    {
        errors.Add(Where(at.Start), $"the spec has more than {SpecLimits.MaxYamlNodes} values; a job spec needs far fewer", Position(at.Start));
        return null;
    }

    private static YamlValue? TooDeep(ParsingEvent at, ErrorSink errors)
    {
        errors.Add(Where(at.Start), $"the spec nests deeper than {SpecLimits.MaxNestingDepth} levels; a job spec needs three", Position(at.Start));
        return null;
    }

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    private static string Where(Mark mark) => $"line {mark.Line}, column {mark.Column}";

    public static string At(YamlValue value) => $"line {value.Line}, column {value.Column}";

    private static TextPosition Position(Mark mark) => new(Line(mark), Column(mark));

    private static TextPosition Position(YamlValue value) => new(value.Line, value.Column);
}
