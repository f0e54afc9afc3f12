namespace Suanwang.Security.Tests.Support;

/// <summary>The store a broker under attack runs on.</summary>
public enum StoreKind
{
    /// <summary>The embedded default: SQLite in the data folder.</summary>
    Sqlite,

    /// <summary>A real PostgreSQL server (a fresh database per broker).</summary>
    Postgres,
}

public static class StoreKinds
{
    public static string Name(this StoreKind store) => store == StoreKind.Sqlite ? "sqlite" : "postgres";
}
