namespace Suanwang.Engines.Slurm;

/// <summary>How a Slurm job state reads as a Suanwang <see cref="RunState"/>.</summary>
internal static class SlurmStates
{
    /// <summary>
    /// The run state for Slurm's <paramref name="jobState"/>, with a message for ended-badly states. Slurm's own
    /// requeue (REQUEUED, REQUEUE_HOLD…) stays the same attempt, so it reads as Pending, never Failed.
    /// </summary>
    public static (RunState State, string? Message) Map(string jobState, string? reason)
    {
        string state = jobState.ToUpperInvariant();
        string why = string.IsNullOrEmpty(reason) || reason == "None" ? "" : $" ({reason})";
        return state switch
        {
            "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_FED" or "REQUEUE_HOLD" or "RESV_DEL_HOLD" or "SUSPENDED" or "STOPPED"
                => (RunState.Pending, state == "PENDING" ? null : $"Slurm state {state}{why}"),
            "RUNNING" or "COMPLETING" or "SIGNALING" or "STAGE_OUT" or "RESIZING" => (RunState.Running, null),
            "COMPLETED" => (RunState.Succeeded, null),
            "FAILED" => (RunState.Failed, $"failed{why}"),
            "OUT_OF_MEMORY" => (RunState.Failed, "out of memory (Slurm OUT_OF_MEMORY)"),
            "TIMEOUT" => (RunState.Failed, "time limit exceeded (Slurm TIMEOUT)"),
            "NODE_FAIL" => (RunState.Failed, $"a node failed (Slurm NODE_FAIL){why}"),
            "BOOT_FAIL" => (RunState.Failed, $"a node failed to boot (Slurm BOOT_FAIL){why}"),
            "DEADLINE" => (RunState.Failed, "deadline passed before it could run (Slurm DEADLINE)"),
            "SPECIAL_EXIT" => (RunState.Failed, "held after a special exit (Slurm SPECIAL_EXIT)"),
            "CANCELLED" => (RunState.Cancelled, $"cancelled (Slurm CANCELLED){why}"),
            "PREEMPTED" => (RunState.Cancelled, "preempted (Slurm PREEMPTED)"),
            "REVOKED" => (RunState.Cancelled, "revoked (Slurm REVOKED)"),
            // A state this adapter does not know: not ended as far as we can tell; say so.
            _ => (RunState.Pending, $"unrecognised Slurm state {state}{why}"),
        };
    }

    /// <summary>
    /// Splits Slurm's raw wait status (<c>exit_code</c> in v0.0.38: exit status × 256 + signal) into an exit code,
    /// or null and a signal number when a signal ended the job.
    /// </summary>
    public static (int? ExitCode, int Signal) SplitWaitStatus(long raw)
    {
        int signal = (int)(raw & 0x7f);
        return signal != 0 ? (null, signal) : ((int)((raw >> 8) & 0xff), 0);
    }
}
