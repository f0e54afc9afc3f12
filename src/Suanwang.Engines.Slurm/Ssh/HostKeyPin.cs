using System.Security.Cryptography;
using System.Text;

namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>
/// The login node's host key as the operator pinned it (setting <c>hostKey</c>): its SHA-256 fingerprint, and the
/// key's type when the setting says it. A server whose key does not match is never trusted.
/// </summary>
/// <param name="Fingerprint">The SHA-256 fingerprint as OpenSSH prints it, without <c>SHA256:</c> and padding.</param>
/// <param name="KeyType">The key's type (<c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>ssh-rsa</c>), <c>ecdsa</c> for any curve, or null when unknown.</param>
internal sealed record HostKeyPin(string Fingerprint, string? KeyType)
{
    /// <summary>As <c>ssh-keygen -lf</c> prints it.</summary>
    public override string ToString() => "SHA256:" + Fingerprint;

    /// <summary>
    /// Reads a pin from a fingerprint (<c>SHA256:…</c>, or the whole line <c>ssh-keygen -lf</c> prints:
    /// <c>256 SHA256:… comment (ED25519)</c>) or a public key line (<c>ssh-ed25519 AAAA… [comment]</c>, as in
    /// <c>/etc/ssh/ssh_host_ed25519_key.pub</c> or <c>ssh-keyscan</c>'s output without the host). Null with a reason otherwise.
    /// </summary>
    public static HostKeyPin? Parse(string text, out string? problem)
    {
        problem = null;
        string[] words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words[1].StartsWith("AAAA", StringComparison.Ordinal))
            return FromPublicKey(words[0], words[1], out problem);
        string? fingerprint = words.FirstOrDefault(w => w.StartsWith("SHA256:", StringComparison.Ordinal));
        if (fingerprint is null)
        {
            problem = "must be the host key's SHA-256 fingerprint as 'ssh-keygen -lf' prints it (SHA256:…) or its public key line (ssh-ed25519 AAAA…)";
            return null;
        }
        string body = fingerprint["SHA256:".Length..].TrimEnd('=');
        if (!TryBase64(body, out byte[] hash) || hash.Length != 32)
        {
            problem = $"'{fingerprint}' is not a SHA-256 fingerprint (43 base64 characters after 'SHA256:')";
            return null;
        }
        // ssh-keygen -lf ends with the type in parentheses: (ED25519), (ECDSA), (RSA).
        string? type = words[^1] switch
        {
            "(ED25519)" => "ssh-ed25519",
            "(ECDSA)" => "ecdsa",
            "(RSA)" => "ssh-rsa",
            _ => null,
        };
        return new HostKeyPin(body, type);
    }

    private static HostKeyPin? FromPublicKey(string type, string base64, out string? problem)
    {
        problem = null;
        if (!TryBase64(base64, out byte[] blob) || EmbeddedType(blob) != type)
        {
            problem = $"'{type} {Shorten(base64)}' is not an SSH public key of type '{type}'";
            return null;
        }
        if (type.Contains("-cert-", StringComparison.Ordinal))
        {
            problem = "must be a plain host key, not a certificate";
            return null;
        }
        return new HostKeyPin(Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('='), type);
    }

    /// <summary>True when a server's host key algorithm is one this pin may be matched against.</summary>
    public bool Admits(string algorithm)
    {
        if (algorithm.Contains("-cert-", StringComparison.Ordinal)) return false; // pinned keys, not certificates
        return KeyType switch
        {
            null => true,
            "ssh-rsa" => algorithm is "ssh-rsa" or "rsa-sha2-256" or "rsa-sha2-512",
            "ecdsa" => algorithm.StartsWith("ecdsa-sha2-", StringComparison.Ordinal),
            _ => algorithm == KeyType,
        };
    }

    /// <summary>True when <paramref name="fingerprint"/> (base64, padded or not, with or without <c>SHA256:</c>) is this pin's.</summary>
    public bool Matches(string fingerprint)
    {
        string seen = fingerprint.StartsWith("SHA256:", StringComparison.Ordinal) ? fingerprint[7..] : fingerprint;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(seen.TrimEnd('=')), Encoding.ASCII.GetBytes(Fingerprint));
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        string padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out int written)) return false;
        bytes = bytes[..written];
        return true;
    }

    // An SSH public key blob starts with its type as a length-prefixed string.
    private static string? EmbeddedType(byte[] blob)
    {
        if (blob.Length < 4) return null;
        int length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (length <= 0 || length > 64 || blob.Length < 4 + length) return null;
        return Encoding.ASCII.GetString(blob, 4, length);
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..20] + "…";
}
