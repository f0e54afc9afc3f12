namespace Suanwang.Traces;

/// <summary>Which trace a job came from.</summary>
/// <param name="Name">Short name used in job and tenant ids (<c>philly</c>, <c>openb</c>, or the SWF file's stem).</param>
/// <param name="Format">The trace's format.</param>
/// <param name="Path">The file read.</param>
public sealed record TraceSource(string Name, TraceFormat Format, string Path)
{
    /// <summary>The file's name without directories, used in error locations (<c>philly.csv.gz:12</c>).</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
