namespace Suanwang.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;
    /// <summary>Something failed while running (I/O, an internal error).</summary>
    public const int Failure = 1;
    /// <summary>The command line or an input file (job spec, network, trace) is invalid; nothing was done.</summary>
    public const int InvalidInput = 2;
    /// <summary><c>place</c>: the job is valid but no center can take it.</summary>
    public const int Unplaceable = 3;
}
