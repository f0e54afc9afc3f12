using System.Globalization;
using Spectre.Console;
using Suanwang.Cli.Output;
using Suanwang.Lifecycle;
using Suanwang.Model.Errors;

namespace Suanwang.Cli.Commands.Client;

/// <summary>Small pieces the client verbs share: tables, states, arguments.</summary>
internal static class ClientText
{
    /// <summary>Job states in lifecycle order.</summary>
    public static readonly JobState[] States = Enum.GetValues<JobState>();

    /// <summary>True for the states a job never leaves.</summary>
    public static bool IsFinal(JobState state) => JobLifecycle.IsFinal(state);

    /// <summary>A rounded table; a column name ending in <c>&gt;</c> is right-aligned (numbers).</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in columns)
            table.AddColumn(column.EndsWith('>')
                ? new TableColumn(TerminalText.Markup(column[..^1])).RightAligned()
                : new TableColumn(TerminalText.Markup(column)));
        return table;
    }

    /// <summary>Adds a row of plain text cells (escaped here).</summary>
    public static void Row(Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => TerminalText.Markup(c ?? "")).ToArray());

    /// <summary>A state with its colour (colours show only on a terminal).</summary>
    public static string StateMarkup(JobState state) => state switch
    {
        JobState.Succeeded => $"[green]{state}[/]",
        JobState.Failed or JobState.Lost => $"[red]{state}[/]",
        JobState.Cancelled => $"[grey]{state}[/]",
        JobState.Running => $"[blue]{state}[/]",
        _ => state.ToString(),
    };

    /// <summary>The state named (in any case), or an invalid-input error naming the states.</summary>
    public static JobState? CanonicalState(string? state, string option)
    {
        if (string.IsNullOrWhiteSpace(state)) return null;
        foreach (var s in States)
            if (string.Equals(s.ToString(), state.Trim(), StringComparison.OrdinalIgnoreCase)) return s;
        throw new SpecException(option, [new SpecError(option, $"unknown state '{state}'; one of {string.Join(", ", States)}")]);
    }

    /// <summary>A time given as ISO 8601 or as an age before now (<c>30s</c>, <c>90m</c>, <c>12h</c>, <c>7d</c>).</summary>
    public static DateTimeOffset? Time(string? text, DateTimeOffset now, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string value = text.Trim();
        if (value.Length >= 2 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount >= 0)
        {
            double? seconds = value[^1] switch { 's' => amount, 'm' => amount * 60, 'h' => amount * 3600, 'd' => amount * 86400, _ => null };
            if (seconds is { } s) return now - TimeSpan.FromSeconds(s);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new SpecException(option, [new SpecError(option, $"'{text}' is not a time; use ISO 8601 (2026-12-01T09:00+08:00) or an age (90m, 12h, 7d)")]);
    }

    /// <summary>A quantity that may be unlimited (null).</summary>
    public static string OrUnlimited(double? value, Func<double, string> format) => value is { } v ? format(v) : "unlimited";

    /// <summary>Accelerator-hours, e.g. "1,234.5".</summary>
    public static string Hours(double hours) => hours.ToString("#,0.#", CultureInfo.InvariantCulture);

    /// <summary>A share 0..1 as a whole percentage.</summary>
    public static string Percent(double share) => Formats.Number(share * 100, "0");
}
