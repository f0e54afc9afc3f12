using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// Sockets per node, cores per socket and threads per core a script asks for, from <c>--sockets-per-node</c>,
/// <c>--cores-per-socket</c>, <c>--threads-per-core</c> and <c>-B S[:C[:T]]</c>, the later of the two ways winning for
/// each, as sbatch applies options in order. Null where not given (<c>*</c> in <c>-B</c>).
/// </summary>
internal sealed record NodeShape(int? Sockets, int? Cores, int? Threads)
{
    private static readonly string[] Names = ["sockets-per-node", "cores-per-socket", "threads-per-core"];

    /// <summary>Tasks per node sbatch starts for this shape when no task count is given.</summary>
    public long Multiplier => (long)(Sockets ?? 1) * (Cores ?? 1) * (Threads ?? 1);

    public static NodeShape Read(SbatchSettings settings)
    {
        int?[] extra = ReadExtra(settings);
        var values = new int?[3];
        for (int i = 0; i < 3; i++)
        {
            int? own = settings.Has(Names[i]) ? settings.PositiveInt(Names[i], SpecLimits.MaxCpus) : null;
            values[i] = settings.Has(Names[i]) && (extra[i] is null || settings.IsLater(Names[i], "extra-node-info")) ? own : extra[i];
        }
        return new NodeShape(values[0], values[1], values[2]);
    }

    // -B SOCKETS[:CORES[:THREADS]], each a number or * (any).
    private static int?[] ReadExtra(SbatchSettings settings)
    {
        var values = new int?[3];
        if (settings["extra-node-info"] is not { } directive) return values;
        string[] parts = directive.Value.Split(':');
        for (int i = 0; i < parts.Length && i < 3; i++)
        {
            if (parts[i] == "*") continue;
            if (parts[i].Length is > 0 and <= 6 && parts[i].All(char.IsAsciiDigit) && int.Parse(parts[i], CultureInfo.InvariantCulture) is > 0 and var v)
                values[i] = v;
            else
                parts = [];
        }
        if (parts.Length is 0 or > 3)
            settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' must be SOCKETS[:CORES[:THREADS]], each a whole number from 1 or *");
        return values;
    }
}
