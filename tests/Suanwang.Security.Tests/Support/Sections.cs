namespace Suanwang.Security.Tests.Support;

/// <summary>
/// A hostile job's output cut into the sections it announced with lines <c>== name</c>, so each attempt is
/// judged on what it alone printed.
/// </summary>
public static class Sections
{
    public static Dictionary<string, string> Parse(string output)
    {
        var sections = new Dictionary<string, string>();
        string? current = null;
        var text = new System.Text.StringBuilder();
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (current is not null) sections[current] = sections.GetValueOrDefault(current, "") + text;
                current = line[3..].Trim();
                text.Clear();
            }
            else if (current is not null) text.AppendLine(line);
        }
        if (current is not null) sections[current] = sections.GetValueOrDefault(current, "") + text;
        return sections;
    }
}
