using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Suanwang.Broker.Auth;

/// <summary>API token secrets: 32 random bytes, shown once; only their SHA-256 is stored.</summary>
public static class Tokens
{
    /// <summary>Role that may do everything.</summary>
    public const string AdminRole = "admin";

    /// <summary>Role that acts for one tenant.</summary>
    public const string TenantRole = "tenant";

    /// <summary>A new secret, e.g. <c>swt_3q…</c>.</summary>
    public static string NewSecret() => "swt_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new token id, e.g. <c>tok-k2j…</c>.</summary>
    public static string NewId() => "tok-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>Hex SHA-256 of a secret: what the store keeps and looks up.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
