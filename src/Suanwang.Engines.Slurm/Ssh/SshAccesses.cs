namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>The accesses of an SSH center: one per distinct login, so tenants that share the center's login share its connections.</summary>
internal static class SshAccesses
{
    /// <summary>
    /// The center's own access (setting <c>ssh</c>) and one per tenant with its own login (<c>ssh.&lt;tenant&gt;</c>); a
    /// tenant whose login and key are the center's gets the center's access.
    /// </summary>
    public static (ISlurmAccess Center, IReadOnlyDictionary<string, ISlurmAccess> Tenants) Create(SshSettings settings, string centerId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SshIdentity own = settings.IdentityFor(null);
        var byIdentity = new Dictionary<SshIdentity, ISlurmAccess> { [own] = new SshSlurmAccess(own, centerId, time) };
        var tenants = new Dictionary<string, ISlurmAccess>(StringComparer.Ordinal);
        foreach (string tenant in settings.TenantLogins.Keys)
        {
            SshIdentity identity = settings.IdentityFor(tenant);
            if (identity == own) continue;
            if (!byIdentity.TryGetValue(identity, out ISlurmAccess? access))
                byIdentity[identity] = access = new SshSlurmAccess(identity, centerId, time);
            tenants[tenant] = access;
        }
        return (byIdentity[own], tenants);
    }
}
