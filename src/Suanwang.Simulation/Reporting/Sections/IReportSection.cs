using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>One section of the report, listed in the table of contents.</summary>
internal interface IReportSection
{
    /// <summary>Anchor id, fixed (never derived from data, so it needs no escaping).</summary>
    string Id { get; }

    /// <summary>Heading.</summary>
    string Title { get; }

    /// <summary>Writes the section's body (the page writes the heading).</summary>
    void Write(HtmlBuilder html, ReportContext context);
}
