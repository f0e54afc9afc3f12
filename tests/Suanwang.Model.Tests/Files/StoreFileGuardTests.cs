using Suanwang.Model.Files;

namespace Suanwang.Model.Tests.Files;

/// <summary>The guard knows the store by identity: its own names, a symlink, a hard link; and nothing else.</summary>
public sealed class StoreFileGuardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("suanwang-guard-").FullName;

    private string Store => Path.Combine(_folder, "suanwang.db");

    public StoreFileGuardTests()
    {
        File.WriteAllText(Store, "store");
        File.WriteAllText(Store + "-wal", "log");
        File.WriteAllText(Path.Combine(_folder, "other"), "other");
    }

    [Fact]
    public void The_store_its_log_and_any_link_to_them_are_the_store_and_other_files_are_not()
    {
        string symlink = Path.Combine(_folder, "stdout");
        string walLink = Path.Combine(_folder, "stderr");
        string hardLink = Path.Combine(_folder, "carbon.csv");
        File.CreateSymbolicLink(symlink, Store);
        File.CreateSymbolicLink(walLink, Store + "-wal");
        Link(Store, hardLink);

        using (StoreFileGuard.Protect(Store))
        {
            Assert.True(StoreFileGuard.IsStore(Store));
            Assert.True(StoreFileGuard.IsStore(Store + "-shm")); // not there yet: refused by name
            Assert.True(StoreFileGuard.IsStore(symlink));
            Assert.True(StoreFileGuard.IsStore(walLink));
            Assert.True(StoreFileGuard.IsStore(hardLink));
            Assert.True(StoreFileGuard.IsStore(Path.Combine(_folder, ".", "suanwang.db")));
            Assert.False(StoreFileGuard.IsStore(Path.Combine(_folder, "other")));
            Assert.False(StoreFileGuard.IsStore(Path.Combine(_folder, "missing")));
            var refused = Assert.Throws<UnauthorizedAccessException>(() => StoreFileGuard.ThrowIfStore(symlink));
            Assert.Contains("the broker's store", refused.Message);
        }
        Assert.False(StoreFileGuard.IsStore(symlink)); // the registration ended with its broker
    }

    private static void Link(string target, string link)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [target, link])!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
