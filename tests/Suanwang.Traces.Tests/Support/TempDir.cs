using System.IO.Compression;
using System.Text;

namespace Suanwang.Traces.Tests.Support;

/// <summary>A temporary folder for inline sample traces, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "suanwang-traces-" + Path.GetRandomFileName());

    /// <summary>Writes <paramref name="content"/> as <paramref name="name"/>; gzip-compressed when the name ends in .gz.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(Root, name);
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            gzip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
