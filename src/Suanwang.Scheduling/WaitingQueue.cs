namespace Suanwang.Scheduling;

/// <summary>
/// The network's queue: each tenant's waiting jobs in arrival order. A pass walks every tenant's jobs from the front
/// and takes whichever head has the smallest fair-share key. Removed jobs are only marked, and a tenant's list is
/// compacted when they are the majority, so removal is amortised O(1) with tens of thousands of jobs waiting.
/// </summary>
public sealed class WaitingQueue
{
    private readonly SortedDictionary<string, TenantQueue> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Jobs waiting.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a job behind its tenant's earlier ones (callers add in arrival order).</summary>
    public void Add(WaitingJob job)
    {
        string tenant = job.Request.Tenant;
        if (!_byTenant.TryGetValue(tenant, out var queue)) _byTenant[tenant] = queue = new TenantQueue();
        queue.Add(job);
        Count++;
    }

    /// <summary>Takes a job out (bound, refused or gone).</summary>
    public void Remove(WaitingJob job)
    {
        if (job.Removed) return;
        _byTenant[job.Request.Tenant].Remove(job);
        Count--;
    }

    /// <summary>Every waiting job, tenant by tenant, each tenant's in arrival order.</summary>
    public IEnumerable<WaitingJob> Jobs => _byTenant.Values.SelectMany(q => q.Jobs.Where(j => !j.Removed));

    /// <summary>
    /// One cursor per tenant with jobs waiting, at the front of its queue. Until the walk is disposed no tenant's list
    /// is compacted, as that would move jobs under the cursors (and a pass would skip the jobs they jumped over).
    /// </summary>
    internal QueueWalk Walk() => new(_byTenant.Where(kv => kv.Value.Live > 0).Select(kv => new TenantCursor(kv.Key, kv.Value)).ToList());

    internal sealed class QueueWalk : IDisposable
    {
        public QueueWalk(List<TenantCursor> cursors)
        {
            Cursors = cursors;
            foreach (var cursor in cursors) cursor.Queue.Pinned = true;
        }

        public List<TenantCursor> Cursors { get; }

        public void Dispose()
        {
            foreach (var cursor in Cursors)
            {
                cursor.Queue.Pinned = false;
                cursor.Queue.CompactIfWorthIt();
            }
        }
    }

    internal sealed class TenantCursor(string tenant, TenantQueue queue)
    {
        private int _next = queue.Head;

        public string Tenant { get; } = tenant;

        public TenantQueue Queue { get; } = queue;

        /// <summary>The next live job at or after the cursor, or null.</summary>
        public WaitingJob? Peek()
        {
            while (_next < Queue.Jobs.Count && Queue.Jobs[_next].Removed) _next++;
            return _next < Queue.Jobs.Count ? Queue.Jobs[_next] : null;
        }

        public void Advance() => _next++;
    }

    internal sealed class TenantQueue
    {
        public List<WaitingJob> Jobs { get; } = new();
        public int Head { get; private set; }
        public int Live { get; private set; }

        /// <summary>A walk is under way: removals only mark.</summary>
        public bool Pinned { get; set; }

        public void Add(WaitingJob job) { Jobs.Add(job); Live++; }

        public void Remove(WaitingJob job)
        {
            job.Removed = true;
            Live--;
            while (Head < Jobs.Count && Jobs[Head].Removed) Head++;
            if (!Pinned) CompactIfWorthIt();
        }

        public void CompactIfWorthIt()
        {
            if (Jobs.Count - Live <= Math.Max(64, Jobs.Count / 2)) return;
            Jobs.RemoveAll(j => j.Removed);
            Head = 0;
        }
    }
}
