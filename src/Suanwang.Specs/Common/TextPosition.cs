namespace Suanwang.Specs.Common;

/// <summary>
/// A place in the text a user wrote, as an editor shows it: 1-based line and 1-based column (a tab counts
/// as one column). Column 0 means the line as a whole (a script's directive line). Errors are listed in
/// this order, so they read top to bottom like the file.
/// </summary>
internal readonly record struct TextPosition(int Line, int Column) : IComparable<TextPosition>
{
    /// <summary>Before any text: where errors about the document as a whole sort.</summary>
    public static TextPosition Start { get; } = new(0, 0);

    public int CompareTo(TextPosition other) =>
        Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
}
