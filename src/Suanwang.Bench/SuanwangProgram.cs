namespace Suanwang.Bench;

/// <summary>
/// The suanwang program these benchmarks run in, to start again as a child (<c>serve</c>, <c>simulate</c>): its
/// apphost, or <c>dotnet suanwang.dll</c> when it runs through dotnet (the repository's launcher, the tests).
/// </summary>
internal static class SuanwangProgram
{
    /// <summary>The program's assembly file; it ships beside this library (build output, tool package, tests).</summary>
    public const string AssemblyFile = "suanwang.dll";

    /// <summary>The executable and the arguments that come before the verb; null when the running executable is unknown.</summary>
    public static (string File, string[] Prefix)? Command()
    {
        if (Environment.ProcessPath is not { } process) return null;
        if (Path.GetFileNameWithoutExtension(process) != "dotnet") return (process, []);
        string folder = Path.GetDirectoryName(typeof(SuanwangProgram).Assembly.Location) ?? AppContext.BaseDirectory;
        return (process, [Path.Combine(folder, AssemblyFile)]);
    }
}
