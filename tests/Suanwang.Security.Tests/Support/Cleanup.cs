using System.Collections.Concurrent;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// Removes scratch folders in the background: an attack can leave tens of thousands of run folders, whose removal
/// takes a minute on a slow disk and need not hold up the next attack. The suite waits for all of them at its end.
/// </summary>
public static class Cleanup
{
    private static readonly ConcurrentBag<Task> Pending = [];

    /// <summary>Starts removing <paramref name="folder"/> and everything in it.</summary>
    public static void Later(string folder) => Pending.Add(Task.Run(() =>
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }));

    /// <summary>Waits (at most <paramref name="timeout"/>) until every folder handed to <see cref="Later"/> is gone.</summary>
    public static void WaitAll(TimeSpan timeout) => Task.WaitAll(Pending.ToArray(), timeout);
}
