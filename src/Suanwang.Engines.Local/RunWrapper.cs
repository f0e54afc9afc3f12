namespace Suanwang.Engines.Local;

/// <summary>
/// The fixed shell script every run is launched through (<c>setsid --wait /bin/sh -c Script suanwang-run
/// RUN_DIR ARGV...</c>). It is a constant: nothing from a job is ever spliced into it. The job's argv
/// reaches it as positional parameters and runs as <c>"$@"</c>, so quotes, <c>$( )</c>, <c>;</c> and
/// newlines in arguments or environment values stay data.
/// </summary>
/// <remarks>
/// Protocol (see the project README): the wrapper takes an exclusive flock on <c>lock</c> and holds it
/// for the run's lifetime (the descriptor is inherited by the job's processes, so the lock is held while
/// any of them lives); under the lock it refuses to start a run that was already started or was
/// cancelled (exit 75), writes <c>started</c> (its pid, which is the process group id because setsid
/// made it a session leader) with fsync and rename, runs the job in <c>work/</c> with stdout and stderr
/// to files, records the exit status in <c>exit</c> the same way, and finally kills whatever the job left
/// behind in its process group, as Slurm does when a batch script ends.
/// The wrapper's own commands (flock, sync, mv) are found on a fixed system PATH; the job's PATH is
/// restored only for the job. Its files (and the job's stdout and stderr, which it opens outside the
/// sandbox and hands down as descriptors) are created 0600 (umask 077). It closes descriptors 3–8 it may
/// have inherited from the host; higher ones a host left without close-on-exec would reach the job (dash
/// cannot name them), which .NET never does for descriptors it opens.
/// The engine passes as argv the whole sandboxed command (<see cref="JobSandbox.Command"/>), so the job
/// itself starts inside bubblewrap, as its tenant's user, with only its own work/ and tmp/ in sight.
/// </remarks>
internal static class RunWrapper
{
    /// <summary>The wrapper's exit status when it did not start the job because another wrapper holds the run or it was already started or cancelled.</summary>
    public const int NotStartedByThisWrapper = 75;

    /// <summary>The name the wrapper runs under (its <c>$0</c>).</summary>
    public const string Name = "suanwang-run";

    /// <summary>The script. POSIX sh; needs util-linux's flock and coreutils' sync and mv.</summary>
    public const string Script = """
        job_path=${PATH-}
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        umask 077
        cd "$1" || exit 70
        shift
        exec </dev/null >>wrapper.log 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&-
        exec 9>>lock || exit 71
        flock -n 9 || exit 75
        if [ -e started ] || [ -e cancelled ]; then exit 75; fi
        { printf '%s\n' "$$" >started.tmp && sync started.tmp && mv -f started.tmp started && sync .; } || exit 71
        if cd work; then
          PATH=$job_path
          "$@" >../stdout 2>../stderr
          status=$?
          PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
          cd ..
        else
          status=72
        fi
        printf '%s\n' "$status" >exit.tmp && sync exit.tmp && mv -f exit.tmp exit && sync .
        kill -9 0
        """;
}
