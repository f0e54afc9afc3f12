using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suanwang.Engines.Local;

/// <summary>
/// Which user id each tenant's jobs run as, shared by every local center of a broker and kept in one file
/// (<c>&lt;centers root&gt;/tenant-uids.json</c>), so a tenant keeps its id across centers and restarts and two
/// tenants never share one. A tenant gets the next free id of the range the first time one of its jobs starts;
/// ids that an account or group of this machine already has (<c>/etc/passwd</c>, <c>/etc/group</c>) are skipped.
/// </summary>
/// <remarks>
/// Thread-safe, and safe across processes: a new id is chosen under an flock on <c>tenant-uids.lock</c> after
/// reading the file again, and the file is replaced atomically (temp, fsync, rename). Ids already given keep
/// being used when the range is changed later; delete the file (while no job runs) to give ids anew.
/// </remarks>
internal sealed class TenantUids(string file, JobUidRange range)
{
    private const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _sync = new();
    private Dictionary<string, uint> _known = new(StringComparer.Ordinal);

    /// <summary>The file the ids are kept in.</summary>
    public string File { get; } = file;

    /// <summary>The range new ids come from.</summary>
    public JobUidRange Range { get; } = range;

    /// <summary>The id of <paramref name="tenant"/>'s jobs, chosen now if it has none. Never 0.</summary>
    /// <exception cref="InvalidOperationException">The range is used up.</exception>
    /// <exception cref="IOException">The file cannot be read or written.</exception>
    public uint UidFor(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        lock (_sync)
        {
            if (_known.TryGetValue(tenant, out uint uid)) return uid;
            string directory = Path.GetDirectoryName(File)!;
            int held = Native.HoldLock(Path.Combine(directory, "tenant-uids.lock"));
            try
            {
                _known = Read();
                if (_known.TryGetValue(tenant, out uid)) return uid;
                uid = Next();
                var updated = new Dictionary<string, uint>(_known, StringComparer.Ordinal) { [tenant] = uid };
                var stored = new Stored(CurrentFormat, Range.ToString(), new SortedDictionary<string, uint>(updated, StringComparer.Ordinal));
                AtomicFile.Write(File, JsonSerializer.SerializeToUtf8Bytes(stored, Json));
                _known = updated;
                return uid;
            }
            finally
            {
                Native.ReleaseLock(held);
            }
        }
    }

    private Dictionary<string, uint> Read()
    {
        if (!System.IO.File.Exists(File)) return new Dictionary<string, uint>(StringComparer.Ordinal);
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(System.IO.File.ReadAllBytes(File), Json);
        }
        catch (JsonException e)
        {
            throw new IOException($"{File} is not a tenant id file: {e.Message}", e);
        }
        if (stored?.Tenants is null || stored.Format != CurrentFormat)
            throw new IOException($"{File} is not a tenant id file of format {CurrentFormat}");
        if (stored.Tenants.FirstOrDefault(t => t.Value == 0) is { Key: { } root })
            throw new IOException($"{File} gives tenant '{root}' user id 0; jobs never run as root: remove that line");
        return new Dictionary<string, uint>(stored.Tenants, StringComparer.Ordinal);
    }

    private uint Next()
    {
        var taken = new HashSet<uint>(_known.Values);
        taken.UnionWith(HostIds("/etc/passwd"));
        taken.UnionWith(HostIds("/etc/group"));
        // After the highest id given so far, so an id is never given twice even if a tenant was removed by hand.
        long candidate = _known.Values.Where(Range.Contains).Select(u => (long)u + 1).DefaultIfEmpty(Range.First).Max();
        while (candidate <= Range.Last && taken.Contains((uint)candidate)) candidate++;
        if (candidate > Range.Last)
            throw new InvalidOperationException($"every user id of the job range {Range} is given ({_known.Count} tenants in {File}); start the broker with a larger --job-uids range");
        return (uint)candidate;
    }

    /// <summary>The numeric ids (third field) of a passwd- or group-format file.</summary>
    private static IEnumerable<uint> HostIds(string path)
    {
        if (!System.IO.File.Exists(path)) yield break;
        foreach (string line in System.IO.File.ReadLines(path))
        {
            string[] fields = line.Split(':');
            if (fields.Length > 2 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id)) yield return id;
        }
    }

    private sealed record Stored(
        [property: JsonPropertyName("format")] int Format,
        [property: JsonPropertyName("range")] string Range,
        [property: JsonPropertyName("tenants")] IDictionary<string, uint> Tenants);
}
