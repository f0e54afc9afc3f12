using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests;

/// <summary>
/// Load options whose data directory is the committed samples (the default for every test) or the
/// full public data (only for tests marked <see cref="FullDataFactAttribute"/>); see <see cref="TestData"/>.
/// </summary>
public static class DataOptions
{
    /// <summary>Series files come from <c>tests/data</c>: one week of each series the bundled networks read.</summary>
    public static NetworkLoadOptions Samples { get; } = new(TestData.SamplesDirectory);

    /// <summary>Series files come from the full public data; throws, saying why, when it is absent.</summary>
    public static NetworkLoadOptions Full() =>
        new(TestData.FullDirectory ?? throw new InvalidOperationException(TestData.FullData.MissingReason));
}
