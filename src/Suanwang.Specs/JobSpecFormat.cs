namespace Suanwang.Specs;

/// <summary>The ways a user can write a job.</summary>
public enum JobSpecFormat
{
    /// <summary>Suanwang's own spec, in YAML or JSON (see <c>schemas/job-spec.schema.json</c>).</summary>
    Native,

    /// <summary>An unchanged Slurm batch script with <c>#SBATCH</c> directives.</summary>
    Sbatch,
}
