using Suanwang.Testing;
using Suanwang.Testing.Data;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// Gates (<see cref="Gate"/>) for jobs that run confined: the gates live in a folder outside the broker's data
/// folder, readable by anyone, and local centers are told to show that folder to their jobs.
/// </summary>
public static class SandboxGate
{
    /// <summary>
    /// The local-center engine setting (in the network file's <c>engine:</c> map) that shows <paramref name="folder"/>,
    /// read-only, to confined jobs: a gate is only looked at, never written, by the job waiting on it.
    /// </summary>
    public static string? ExposeSetting(string folder) => $"expose: \"{folder}\"";

    /// <summary>
    /// Writes the bundled default network (ten local centers) to <paramref name="file"/> with every local center
    /// showing <paramref name="folder"/> to its jobs, and returns the file; null when <see cref="ExposeSetting"/>
    /// is null (the bundled network is used as it is).
    /// </summary>
    public static string? NetworkFile(string folder, string file)
    {
        if (ExposeSetting(folder) is not { } setting) return null;
        string yaml = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "networks", "china-hubs.yaml"));
        const string Engine = "engine: { ";
        if (!yaml.Contains(Engine, StringComparison.Ordinal))
            throw new InvalidOperationException("networks/china-hubs.yaml has no 'engine: { … }' maps to add the gate folder to");
        File.WriteAllText(file, yaml.Replace(Engine, Engine + setting + ", ", StringComparison.Ordinal));
        return file;
    }
}
