using System.Globalization;

namespace Suanwang.Engines.Local;

/// <summary>
/// The numeric user (and group) ids a broker running as root gives its tenants' jobs on local centers, one per
/// tenant (<c>serve --job-uids FIRST-LAST</c>). No account needs to exist for them; choose a range no account or
/// container on the machine uses. Never includes 0.
/// </summary>
/// <param name="First">The first id handed out.</param>
/// <param name="Last">The last id that may be handed out.</param>
public readonly record struct JobUidRange(uint First, uint Last)
{
    /// <summary>The highest id a range may reach: 4294967295 is <c>(uid_t)-1</c>, which means "no change" to the kernel.</summary>
    public const uint Highest = 4_294_967_294;

    /// <summary>The default, 1900000000-1999999999: far above the ids Linux distributions give accounts and the ranges they delegate to containers (<c>/etc/subuid</c>).</summary>
    public static JobUidRange Default { get; } = new(1_900_000_000, 1_999_999_999);

    /// <summary>How many ids the range holds.</summary>
    public long Count => (long)Last - First + 1;

    /// <summary>True when <paramref name="uid"/> lies in the range.</summary>
    public bool Contains(uint uid) => uid >= First && uid <= Last;

    /// <summary>Why the range cannot be used, or null when it can.</summary>
    public string? Problem() =>
        First == 0 ? "it must not include 0: jobs never run as root"
        : First > Last ? $"its first id {First} is above its last {Last}"
        : Last > Highest ? $"its last id must be at most {Highest}"
        : null;

    /// <summary>Reads <c>FIRST-LAST</c> (decimal ids).</summary>
    /// <exception cref="FormatException">The text is not two ids joined by '-', or the range is not usable (it includes 0, is reversed or too high).</exception>
    public static JobUidRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().Split('-');
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint first)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint last))
            throw new FormatException($"'{text}' is not a range of user ids FIRST-LAST, e.g. {Default}");
        var range = new JobUidRange(first, last);
        if (range.Problem() is { } problem) throw new FormatException($"user id range '{text}': {problem}");
        return range;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}
