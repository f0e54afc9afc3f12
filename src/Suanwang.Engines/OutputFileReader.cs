using System.Text;

namespace Suanwang.Engines;

/// <summary>
/// Reads a slice of a run's output file as UTF-8 without splitting a character: for engines whose runs
/// write their output to files the broker can read (local processes; Slurm with a shared filesystem).
/// </summary>
public static class OutputFileReader
{
    /// <summary>The smallest read allowed: one UTF-8 character is at most 4 bytes.</summary>
    public const int MinBytes = 4;

    /// <summary>The largest slice returned at once, whatever is asked.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The message a refused output file reads as; its contents are never read.</summary>
    public const string NotARegularFile = "output not available: not a regular file in the run folder";

    /// <summary>
    /// Up to <paramref name="maxBytes"/> bytes of <paramref name="relativePath"/> inside <paramref name="directory"/> from
    /// <paramref name="offset"/>, decoded. The file is opened with <see cref="ConfinedFile"/>: no symbolic link is followed,
    /// the path cannot leave the directory, and a FIFO, directory or hard-linked file in its place is refused unread.
    /// A character cut at the end of the slice is left for the next read, unless <paramref name="finished"/>
    /// and the file ends there (then the broken bytes decode as U+FFFD so the reader can reach the end).
    /// A missing file reads as empty.
    /// </summary>
    /// <exception cref="OutputUnavailableException">Something other than a regular file is in the output's place.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<OutputChunk> ReadAsync(string directory, string relativePath, long offset, int maxBytes, bool finished, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, MinBytes);
        maxBytes = Math.Min(maxBytes, MaxBytes);

        ConfinedFile? file;
        try
        {
            file = ConfinedFile.Open(directory, relativePath);
        }
        catch (NotARegularFileException)
        {
            throw new OutputUnavailableException(NotARegularFile);
        }
        if (file is null) return new OutputChunk("", offset, finished);
        using (file)
        {
            long length = file.Length;
            if (offset >= length) return new OutputChunk("", offset, finished);

            var buffer = new byte[(int)Math.Min(maxBytes, length - offset)];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await RandomAccess.ReadAsync(file.Handle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
            bool atEnd = offset + read >= length;
            int usable = CompleteLength(buffer.AsSpan(0, read));
            if (usable < read && atEnd && finished) usable = read;
            long next = offset + usable;
            return new OutputChunk(Encoding.UTF8.GetString(buffer, 0, usable), next, finished && next >= length);
        }
    }

    /// <summary>The length of <paramref name="bytes"/> without a trailing incomplete UTF-8 sequence.</summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        int i = bytes.Length - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            continuation++;
        }
        if (i < 0) return bytes.Length; // only continuation bytes: invalid, hold nothing back
        byte lead = bytes[i];
        int needed = lead switch
        {
            >= 0xF8 => 1, // invalid lead: decodes as U+FFFD, nothing to wait for
            >= 0xF0 => 4,
            >= 0xE0 => 3,
            >= 0xC0 => 2,
            _ => 1,
        };
        return bytes.Length - i < needed ? i : bytes.Length;
    }
}
