using System.IO.Compression;
using Suanwang.Model.Errors;

namespace Suanwang.Traces.Reading;

/// <summary>
/// An open trace file: gzip is recognised by its magic bytes (not the name), lines are read one at
/// a time, and I/O or gzip damage becomes a <see cref="SpecException"/> naming the file and line.
/// </summary>
internal sealed class TraceFile : IDisposable
{
    private readonly FileStream file;
    private readonly HashingReadStream hashing;
    private readonly CountingReadStream? decompressed;
    private readonly StreamReader reader;
    private readonly string fileName;

    private TraceFile(string path, FileStream file, bool gzip)
    {
        fileName = Path.GetFileName(path);
        this.file = file;
        hashing = new HashingReadStream(file);
        Stream text = hashing;
        if (gzip) text = decompressed = new CountingReadStream(new GZipStream(hashing, CompressionMode.Decompress));
        reader = new StreamReader(text, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Lines read so far.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens a trace file, failing with a clear error when it is missing or unreadable.</summary>
    public static TraceFile Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(path, [new SpecError(path, $"cannot open the trace file: {e.Message}")]);
        }

        try
        {
            Span<byte> magic = stackalloc byte[2];
            int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            return new TraceFile(path, file, gzip: n == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The next line, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        string? line;
        try
        {
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new SpecException(fileName,
                [new SpecError($"{fileName}:{LineNumber + 1}", $"the file is damaged or not valid gzip: {e.Message}")]);
        }
        if (line is not null) LineNumber++;
        else CheckGzipComplete();
        return line;
    }

    /// <summary>
    /// .NET's GZipStream ends quietly when a file is cut short, so a truncated trace would read as a
    /// shorter one. The gzip trailer's last 4 bytes hold the uncompressed size mod 2³²: compare.
    /// (Concatenated multi-member gzip files would fail this check; neither trace uses them.)
    /// </summary>
    private void CheckGzipComplete()
    {
        if (decompressed is null) return;
        Span<byte> trailer = stackalloc byte[4];
        long length = RandomAccess.GetLength(file.SafeFileHandle);
        bool ok = length >= 18
            && RandomAccess.Read(file.SafeFileHandle, trailer, length - 4) == 4
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) == unchecked((uint)decompressed.BytesRead);
        if (!ok)
            throw new SpecException(fileName,
            [
                new SpecError($"{fileName}:{LineNumber}",
                    $"the gzip data ends early ({decompressed.BytesRead} bytes decompressed, the trailer disagrees): the file is truncated or damaged"),
            ]);
    }

    /// <summary>SHA-256 of the whole file as stored, reading any part not yet read.</summary>
    public string FinishSha256Hex() => hashing.FinishSha256Hex();

    public void Dispose() => reader.Dispose();
}
