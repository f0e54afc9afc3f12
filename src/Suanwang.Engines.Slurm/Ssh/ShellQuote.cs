using System.Text;

namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>
/// Builds command lines for a remote POSIX shell (what an SSH server runs an exec request with: the login user's
/// shell, <c>sh -c</c>-like). Every argument is quoted, so no value ever reaches the remote shell as syntax.
/// </summary>
internal static class ShellQuote
{
    /// <summary>
    /// <paramref name="value"/> as one shell word: in single quotes, each <c>'</c> written as <c>'\''</c>. Inside
    /// single quotes a POSIX shell gives no character a meaning (no <c>$</c>, backquote, backslash or newline
    /// escape), so the word is the value, byte for byte.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a NUL, which no shell word or argument can carry.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0')) throw new ArgumentException("a shell argument cannot hold a NUL character", nameof(value));
        var quoted = new StringBuilder(value.Length + 2);
        quoted.Append('\'');
        foreach (char c in value)
        {
            if (c == '\'') quoted.Append("'\\''");
            else quoted.Append(c);
        }
        return quoted.Append('\'').ToString();
    }

    /// <summary>The command line that runs <paramref name="arguments"/> as its argument vector (the first is the program).</summary>
    /// <exception cref="ArgumentException">No arguments, or one holds a NUL.</exception>
    public static string Command(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string line = string.Join(' ', arguments.Select(Quote));
        if (line.Length == 0) throw new ArgumentException("a command needs a program", nameof(arguments));
        return line;
    }

    /// <summary>As <see cref="Command(IEnumerable{string})"/>.</summary>
    public static string Command(params string[] arguments) => Command((IEnumerable<string>)arguments);
}
