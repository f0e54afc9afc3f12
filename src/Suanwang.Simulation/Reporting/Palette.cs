namespace Suanwang.Simulation.Reporting;

/// <summary>
/// Policy colours of the tables' swatches. The charts take theirs from the same list in the dashboard's
/// web/src/simulation/figures.js (PALETTE), so a policy has one colour everywhere; a browser test checks
/// that they agree. Tableau 10: distinguishable, and readable by most colour-blind readers.
/// </summary>
internal static class Palette
{
    private static readonly string[] Colors =
    [
        "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
        "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
    ];

    /// <summary>Colour of the policy at <paramref name="index"/>; repeats after ten.</summary>
    public static string Color(int index) => Colors[index % Colors.Length];
}
