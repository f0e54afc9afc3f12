using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting;

/// <summary>A policy as the report shows it: its results, its plotted series and its colour.</summary>
/// <param name="Index">Position in <see cref="SimulationSummary.Policies"/>; fixes the colour.</param>
/// <param name="Summary">Its results.</param>
/// <param name="Series">Its plotted series, or null when the data has none for it.</param>
/// <param name="Color">Hex colour of its swatch in the tables; the charts give it the same (see <see cref="Palette"/>).</param>
internal sealed record PolicyView(int Index, PolicySummary Summary, PolicySeries? Series, string Color)
{
    /// <summary>The policy's name.</summary>
    public string Name => Summary.Name;
}

/// <summary>A center as the report shows it.</summary>
/// <param name="Index">Position in network order (row of the load series).</param>
/// <param name="Id">Center id.</param>
/// <param name="Name">Display name (may be Chinese).</param>
/// <param name="Western">Whether it is in a western hub, when any policy's summary says.</param>
internal sealed record CenterView(int Index, string Id, string Name, bool? Western);

/// <summary>The report data with what every section needs worked out once: policy order, colours, centers.</summary>
internal sealed class ReportContext
{
    private ReportContext(SimulationReportData data, IReadOnlyList<PolicyView> policies, IReadOnlyList<CenterView> centers)
    {
        Data = data;
        Policies = policies;
        Centers = centers;
    }

    /// <summary>The data being reported.</summary>
    public SimulationReportData Data { get; }

    /// <summary>The summary.</summary>
    public SimulationSummary Summary => Data.Summary;

    /// <summary>Policies in summary order.</summary>
    public IReadOnlyList<PolicyView> Policies { get; }

    /// <summary>Centers in network order.</summary>
    public IReadOnlyList<CenterView> Centers { get; }

    /// <summary>Builds the context.</summary>
    public static ReportContext From(SimulationReportData data)
    {
        var policies = data.Summary.Policies
            .Select((p, i) => new PolicyView(
                i,
                p,
                // Matched by name, not position: the series list need not follow the summary's order.
                data.Series.FirstOrDefault(s => s.Policy == p.Name),
                Palette.Color(i)))
            .ToList();

        var western = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var share in data.Summary.Policies.SelectMany(p => p.Centers))
            western.TryAdd(share.Id, share.Western);

        var centers = data.CenterIds
            .Select((id, i) => new CenterView(
                i,
                id,
                i < data.CenterNames.Count ? data.CenterNames[i] : id,
                western.TryGetValue(id, out var w) ? w : null))
            .ToList();

        return new ReportContext(data, policies, centers);
    }
}
