namespace Suanwang.Store;

/// <summary>
/// Lists of ids sent to the store in slices. SQLite allows 32,766 variables per statement, PostgreSQL 65,535
/// parameters, and EF Core 10 sends a <c>Contains</c> over a list to SQLite as one parameter per id (to
/// PostgreSQL as one array): a list of any length would fail there, and a long one makes a huge statement on
/// either. Every store query that takes ids takes them a slice at a time.
/// </summary>
internal static class IdLists
{
    /// <summary>Most ids one statement carries.</summary>
    public const int SliceSize = 1000;

    /// <summary>The distinct ids, in slices of at most <see cref="SliceSize"/>.</summary>
    public static IEnumerable<string[]> Slices(IEnumerable<string> ids) => ids.Distinct().Chunk(SliceSize);
}
