namespace Suanwang.Model.Errors;

/// <summary>One thing wrong with an input, and where.</summary>
/// <param name="Location">Where: a field path (<c>resources.cpus</c>), a file and line (<c>train.sh:4</c>), or a YAML position.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
public sealed record SpecError(string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>
/// Thrown when an input (job spec, network file, trace) is invalid. Carries every error found,
/// not just the first, so the user can fix them all at once.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception from the errors found in <paramref name="what"/>.</summary>
    public SpecException(string what, IReadOnlyList<SpecError> errors)
        : base($"{what} is invalid:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        What = what;
        Errors = errors;
    }

    /// <summary>What was being read (a file name, "job spec", …).</summary>
    public string What { get; }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<SpecError> Errors { get; }
}
