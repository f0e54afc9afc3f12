using System.Security.Cryptography;

namespace Suanwang.Traces.Reading;

/// <summary>
/// A read-only pass-through stream that feeds every byte read into SHA-256, so the file's digest
/// costs no second pass. <see cref="FinishSha256Hex"/> reads whatever the consumer left unread.
/// </summary>
internal sealed class HashingReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? digest;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        hash.AppendData(buffer[..n]);
        return n;
    }

    /// <summary>Hashes the rest of the file (raw bytes, no decompression) and returns the hex digest.</summary>
    public string FinishSha256Hex()
    {
        if (digest is not null) return digest;
        var buffer = new byte[81920];
        while (Read(buffer) > 0)
        {
        }
        digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        return digest;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
