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

/// <summary>
/// Files are opened from inside their folder only, with no link followed on any component, and only when they are
/// regular files with one link: whatever sits in their place is refused unread (with openat2, and with the
/// component-by-component fallback for kernels or filters without it).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConfinedFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("suanwang-confined-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder => Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;

    private string Outside(string name, string text = "outside\n")
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<bool> Ways => new() { true, false };

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_regular_file_is_opened_with_its_length_and_time(bool openat2)
    {
        File.WriteAllText(Path.Combine(Folder, "stdout"), "hello\n");

        using ConfinedFile file = ConfinedFile.Open(Folder, "stdout", openat2)!;

        Assert.Equal(6, file.Length);
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(Folder, "stdout")), file.LastWriteTime.UtcDateTime);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_missing_file_or_folder_is_null(bool openat2)
    {
        Assert.Null(ConfinedFile.Open(Folder, "stdout", openat2));
        Assert.Null(ConfinedFile.Open(Path.Combine(_root, "no-such-run"), "stdout", openat2));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_symbolic_link_at_the_end_or_on_the_way_is_refused(bool openat2)
    {
        File.CreateSymbolicLink(Path.Combine(Folder, "stdout"), Outside("secret"));
        Directory.CreateDirectory(Path.Combine(_root, "elsewhere"));
        File.WriteAllText(Path.Combine(_root, "elsewhere", "stdout"), "outside\n");
        Directory.CreateSymbolicLink(Path.Combine(Folder, "sub"), Path.Combine(_root, "elsewhere"));

        Assert.Throws<NotARegularFileException>(() => ConfinedFile.Open(Folder, "stdout", openat2));
        Assert.Throws<NotARegularFileException>(() => ConfinedFile.Open(Folder, "sub/stdout", openat2));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_hard_link_a_FIFO_or_a_folder_is_refused(bool openat2)
    {
        Run("ln", Outside("secret"), Path.Combine(Folder, "linked"));
        Run("mkfifo", Path.Combine(Folder, "fifo"));
        Directory.CreateDirectory(Path.Combine(Folder, "folder"));

        Assert.Throws<NotARegularFileException>(() => ConfinedFile.Open(Folder, "linked", openat2));
        Assert.Throws<NotARegularFileException>(() => ConfinedFile.Open(Folder, "fifo", openat2)); // and does not wait for a writer
        Assert.Throws<NotARegularFileException>(() => ConfinedFile.Open(Folder, "folder", openat2));
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../secret")]
    [InlineData("./stdout")]
    [InlineData("")]
    public void A_path_that_is_not_plain_names_beneath_the_folder_is_refused(string path)
    {
        Outside("secret");

        Assert.Throws<ArgumentException>(() => ConfinedFile.Open(Folder, path));
    }

    private static void Run(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
