using System.Text;
using CsCheck;

namespace Suanwang.Engines.Local.Tests;

/// <summary>Output is read in slices that never split a UTF-8 character.</summary>
public sealed class OutputReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("suanwang-output-").FullName;

    private string Stdout => Path.Combine(_directory, "stdout");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_character_cut_by_the_slice_is_left_for_the_next_read()
    {
        File.WriteAllBytes(Stdout, Encoding.UTF8.GetBytes("ab世界"));   // 2 + 3 + 3 bytes

        OutputChunk first = await OutputFileReader.ReadAsync(_directory, "stdout", 0, 4, finished: true, default);
        OutputChunk second = await OutputFileReader.ReadAsync(_directory, "stdout", first.NextOffset, 4, finished: true, default);
        OutputChunk third = await OutputFileReader.ReadAsync(_directory, "stdout", second.NextOffset, 4, finished: true, default);

        Assert.Equal(new OutputChunk("ab", 2, false), first);
        Assert.Equal(new OutputChunk("世", 5, false), second);
        Assert.Equal(new OutputChunk("界", 8, true), third);
    }

    [Fact]
    public async Task A_half_written_character_waits_while_the_run_goes_on_and_shows_as_broken_once_it_ended()
    {
        File.WriteAllBytes(Stdout, [(byte)'x', 0xE4, 0xB8]);   // x and two of the three bytes of 世

        OutputChunk running = await OutputFileReader.ReadAsync(_directory, "stdout", 0, 100, finished: false, default);
        OutputChunk ended = await OutputFileReader.ReadAsync(_directory, "stdout", running.NextOffset, 100, finished: true, default);

        Assert.Equal(new OutputChunk("x", 1, false), running);
        Assert.Equal(new OutputChunk("\uFFFD", 3, true), ended);
    }

    [Fact]
    public async Task A_missing_file_reads_as_empty()
    {
        Assert.Equal(new OutputChunk("", 0, false), await OutputFileReader.ReadAsync(_directory, "stdout.none", 0, 100, finished: false, default));
        Assert.Equal(new OutputChunk("", 0, true), await OutputFileReader.ReadAsync(_directory, "stdout.none", 0, 100, finished: true, default));
    }

    [Fact]
    public async Task Slices_smaller_than_a_character_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OutputFileReader.ReadAsync(_directory, "stdout", 0, 3, finished: true, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OutputFileReader.ReadAsync(_directory, "stdout", -1, 100, finished: true, default));
    }

    [Fact]
    public void Reading_any_text_in_any_slice_size_gives_back_the_text()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 40].Select(s => s + "é世😀\n"), Gen.Int[0, 5], Gen.Int[4, 32])
            .Sample((piece, repeat, slice) =>
            {
                string text = string.Concat(Enumerable.Repeat(piece, repeat));
                File.WriteAllBytes(Stdout, Encoding.UTF8.GetBytes(text));
                var read = new StringBuilder();
                long offset = 0;
                for (int i = 0; i < 10_000; i++)
                {
                    OutputChunk chunk = OutputFileReader.ReadAsync(_directory, "stdout", offset, slice, finished: true, default).GetAwaiter().GetResult();
                    read.Append(chunk.Text);
                    offset = chunk.NextOffset;
                    if (chunk.Complete) break;
                }
                return read.ToString() == text;
            }, iter: 200, threads: 1); // one file, so one thread
    }
}
