using System.Text;

namespace Suanwang.Engines.Slurm;

/// <summary>The batch script Suanwang writes for a job given as argv: argv stays data, never shell.</summary>
internal static class BatchScript
{
    /// <summary>
    /// <c>#!/bin/sh</c> then <c>exec</c> and every argument single-quoted (<c>'</c> written as <c>'\''</c>).
    /// Inside single quotes the shell expands nothing, so <c>$(…)</c>, <c>;</c>, newlines and lines that look
    /// like <c>#SBATCH</c> reach the program verbatim.
    /// </summary>
    public static string ForCommand(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0) throw new ArgumentException("the command is empty", nameof(argv));
        var script = new StringBuilder("#!/bin/sh\nexec");
        foreach (string argument in argv)
            script.Append(' ').Append(Ssh.ShellQuote.Quote(argument));
        return script.Append('\n').ToString();
    }
}
