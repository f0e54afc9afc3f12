using System.Text.Json.Nodes;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// slurmrestd's <c>v0.0.41</c> (Slurm 24.05–25.11): as <see cref="RestV0040"/>, but <c>exclusive</c> is deprecated:
/// sbatch's <c>--exclusive</c> is <c>shared: ["none"]</c> (Slurm 24.11 shows both jobs alike).
/// </summary>
internal class RestV0041 : RestV0040
{
    public new const string Name = "v0.0.41";

    public static new RestV0041 Instance { get; } = new();

    public override string Version => Name;

    protected override void WriteExclusive(JsonObject job) => job["shared"] = new JsonArray("none");
}
