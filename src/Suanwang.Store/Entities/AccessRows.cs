namespace Suanwang.Store.Entities;

/// <summary>A tenant.</summary>
public sealed class TenantRow
{
    /// <summary>Tenant id.</summary>
    public required string Id { get; set; }
    /// <summary>Display name.</summary>
    public required string Name { get; set; }
    /// <summary>Tier.</summary>
    public required string Tier { get; set; }
    /// <summary>Monthly accelerator-hour quota (null = unlimited).</summary>
    public double? QuotaAcceleratorHours { get; set; }
    /// <summary>Monthly budget, yuan (null = unlimited).</summary>
    public double? BudgetYuan { get; set; }
    /// <summary>When created.</summary>
    public long CreatedAtMs { get; set; }
}

/// <summary>An API token: only its SHA-256 hash is kept.</summary>
public sealed class TokenRow
{
    /// <summary>Token id (shown to admins, used to revoke).</summary>
    public required string Id { get; set; }
    /// <summary>Hex SHA-256 of the secret.</summary>
    public required string SecretHash { get; set; }
    /// <summary><c>admin</c> or <c>tenant</c>.</summary>
    public required string Role { get; set; }
    /// <summary>Tenant it acts for (tenant role).</summary>
    public string? Tenant { get; set; }
    /// <summary>What it is for.</summary>
    public string? Description { get; set; }
    /// <summary>When issued.</summary>
    public long CreatedAtMs { get; set; }
    /// <summary>When revoked (null while valid).</summary>
    public long? RevokedAtMs { get; set; }
}

/// <summary>A revision of the network definition the broker runs (centers registered, replaced or removed make new revisions).</summary>
public sealed class NetworkRevisionRow
{
    /// <summary>1, 2, 3… in order.</summary>
    public long Number { get; set; }
    /// <summary>The network document (YAML).</summary>
    public required string Yaml { get; set; }
    /// <summary>Why it changed ("initial", "center x registered"…).</summary>
    public required string Change { get; set; }
    /// <summary>When.</summary>
    public long CreatedAtMs { get; set; }
}

/// <summary>An operator's hold on a center: drained centers finish their work and take no new work.</summary>
public sealed class CenterStateRow
{
    /// <summary>Center id.</summary>
    public required string CenterId { get; set; }
    /// <summary>True while drained.</summary>
    public bool Drained { get; set; }
    /// <summary>When last changed.</summary>
    public long UpdatedAtMs { get; set; }
}
