namespace Suanwang.Simulation.Reporting;

/// <summary>The report's style sheet, inlined so the page reads offline.</summary>
internal static class ReportStyle
{
    /// <summary>
    /// Font stack for the page's text: generic families last so the page renders anywhere; the
    /// CJK faces come before them so Chinese center names pick a proper Chinese font when one exists.
    /// </summary>
    public const string FontStack =
        "system-ui, -apple-system, \"Segoe UI\", \"Noto Sans\", \"DejaVu Sans\", \"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif";

    /// <summary>The CSS.</summary>
    public const string Css = """

:root { --ink: #1d2733; --muted: #5b6673; --rule: #d9dee4; --zebra: #f6f8fa; --head: #eef1f5; --best: #dff3e4; --best-ink: #11602a; --accent: #2b6cb0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 
""" + FontStack + """
; }
header, main { max-width: 1320px; margin: 0 auto; padding: 0 28px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 22px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 14px; padding: 0; list-style: none; counter-reset: toc; }
nav li { counter-increment: toc; }
nav li::before { content: counter(toc) ". "; color: var(--muted); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
p.note, .note { color: var(--muted); font-size: 13.5px; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.hash { word-break: break-all; }
.tables { display: flex; flex-wrap: wrap; gap: 0 36px; align-items: flex-start; }
.tables > div { min-width: 0; max-width: 100%; }
.scroll { overflow-x: auto; margin: 0 0 8px; }
table { border-collapse: collapse; font-size: 13.5px; margin: 0 0 8px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { background: var(--head); font-weight: 600; border-bottom: 1px solid #b9c1ca; vertical-align: bottom; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.group { text-align: center; border-left: 1px solid var(--rule); }
td.group-start, th.group-start { border-left: 1px solid var(--rule); }
th .unit { display: block; font-weight: 400; color: var(--muted); font-size: 12px; }
th .dir { color: var(--muted); font-weight: 400; }
th[scope=row] { white-space: nowrap; }
td.best { background: var(--best); color: var(--best-ink); font-weight: 650; }
table.kv th { background: none; font-weight: 600; white-space: nowrap; padding-right: 28px; }
table.kv td, table.kv th { border-bottom: 1px solid var(--rule); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
ol.rules li, ul.methods li { margin: 2px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 18px 28px; align-items: start; }
figure { margin: 0 0 8px; }
figure h3 { margin: 8px 0 4px; font-size: 15px; }
figure .chart { width: 100%; min-height: 120px; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
figure .chart-error { padding: 12px; color: var(--muted); font-style: italic; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 5px; }
dl.definitions { display: grid; grid-template-columns: minmax(180px, max-content) 1fr; gap: 6px 20px; }
dl.definitions dt { font-weight: 600; }
dl.definitions dd { margin: 0; }
.empty { color: var(--muted); font-style: italic; }

""";
}
