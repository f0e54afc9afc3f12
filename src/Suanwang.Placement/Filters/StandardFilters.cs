namespace Suanwang.Placement.Filters;

/// <summary>The filters every policy applies, cheapest first.</summary>
public static class StandardFilters
{
    /// <summary>All hard constraints, in evaluation order.</summary>
    public static IReadOnlyList<IPlacementFilter> All { get; } = new IPlacementFilter[]
    {
        new CenterAvailabilityFilter(),
        new AllowedCentersFilter(),
        new ResidencyFilter(),
        new AcceleratorFitFilter(),
        new FeatureConstraintFilter(),
        new PoolSizeFilter(),
        new LatencyObjectiveFilter(),
        new DeadlineFilter(),
        new PriceCeilingFilter(),
    };
}
