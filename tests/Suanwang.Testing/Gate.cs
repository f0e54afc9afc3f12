namespace Suanwang.Testing;

/// <summary>
/// A file a test creates to let a job go on, so "still running" or "finished while the broker was down" depends
/// on what the test did, never on how fast a loaded machine happens to be.
/// </summary>
/// <param name="path">Where the gate's file is created when it opens; the folder must exist and be visible to the job: on a
/// local center, a folder the center exposes (<see cref="SharedFolder"/>).</param>
public sealed class Gate(string path)
{
    /// <summary>The file whose existence means "open".</summary>
    public string Path { get; } = path;

    /// <summary>A shell command that waits until the gate opens (for a job's command line).</summary>
    public string ShellWait => $"until [ -e '{Path}' ]; do sleep 0.05; done";

    /// <summary>Opens the gate: every job waiting on it goes on.</summary>
    public void Open() => File.WriteAllText(Path, "");

    /// <summary>A new closed gate in <paramref name="folder"/>.</summary>
    public static Gate In(string folder) => new(System.IO.Path.Combine(folder, $"gate-{Guid.NewGuid():N}"));
}
