namespace Suanwang.Engines.Conformance;

/// <summary>
/// Work at a center that Suanwang did not submit (on Slurm: a plain <c>sbatch</c> job of another user), which an engine
/// must never list, cancel or read. Kept unfinished by the test until disposed (then it is ended and removed).
/// </summary>
public abstract class ForeignWork : IAsyncDisposable
{
    /// <summary>The center's own id for it (as an engine would report it in <see cref="RunStatus.EngineJobId"/>).</summary>
    public abstract string EngineJobId { get; }

    /// <summary>Whether it is still waiting or running at the center (nothing ended it).</summary>
    public abstract Task<bool> IsUnfinishedAsync();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
