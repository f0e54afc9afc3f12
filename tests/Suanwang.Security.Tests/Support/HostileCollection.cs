namespace Suanwang.Security.Tests.Support;

/// <summary>
/// Every attack runs in this one collection, one after another: each starts its own broker, and several
/// at once on a small CI machine would measure the machine, not the broker.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<AttackReport>
{
    public const string Name = "hostile tenants";
}
