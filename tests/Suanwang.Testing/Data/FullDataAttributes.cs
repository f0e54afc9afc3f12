using Xunit;

namespace Suanwang.Testing.Data;

/// <summary>
/// A fact that needs the full public data sets (see <see cref="TestData"/>): exact counts of whole
/// traces, golden results over them, numbers derived from whole series. Without the data it is
/// reported as skipped, with the reason and what to set, instead of failing a fresh clone.
/// </summary>
public sealed class FullDataFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the full public data is absent.</summary>
    public FullDataFactAttribute()
    {
        if (!TestData.HasFullData) Skip = TestData.FullData.MissingReason;
    }
}

/// <summary>A theory that needs the full public data sets; skipped, saying why, without them (see <see cref="FullDataFactAttribute"/>).</summary>
public sealed class FullDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when the full public data is absent.</summary>
    public FullDataTheoryAttribute()
    {
        if (!TestData.HasFullData) Skip = TestData.FullData.MissingReason;
    }
}
