using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Suanwang.Model.Paths;

namespace Suanwang.Engines.Local;

/// <summary>
/// Builds the command that runs a job inside a bubblewrap sandbox, as an unprivileged user: one per broker, shared
/// by its local centers (they share the tenant → user id map). Layout and reasons: ADR 0007 and the project README.
/// </summary>
/// <remarks>
/// <para>The job sees read-only <c>/usr</c>, <c>/bin</c>, <c>/sbin</c>, <c>/lib*</c>, <c>/etc</c> and <c>/opt</c>; fresh
/// <c>/proc</c> (its own processes only), <c>/dev</c>, <c>/dev/shm</c> and <c>/tmp</c>; its run's <c>work/</c> (cwd and
/// HOME) and <c>tmp/</c> (TMPDIR) read-write at their host paths; and what its center exposes. The hidden folders
/// (the broker's data folder) are covered by an empty tmpfs in case they lie under a shown one. The network is
/// shared: jobs may download data.</para>
/// <para>As root, bwrap runs privileged (it can bind the run's folders, which only root may enter) and hands the job
/// to <c>setpriv</c>, which drops to the tenant's id, clears groups, capabilities and the bounding set and sets
/// no-new-privileges before anything of the job runs. Not as root, bwrap makes a user namespace and the job keeps
/// the broker's id: tenants are then kept apart by the sandbox alone. Either way the job's environment is set only
/// after that, by <c>env -i</c>, so nothing a tenant chooses reaches a privileged process; and a last <c>sh</c>
/// closes the run lock's descriptor 9, which bwrap's init keeps (<c>--sync-fd 9</c>) for as long as any process of
/// the sandbox lives, so the job can neither release the lock nor outlive it.</para>
/// </remarks>
public sealed class JobSandbox
{
    /// <summary>The name the last shell runs under (its <c>$0</c>, seen in "not found" messages).</summary>
    public const string JobShellName = "suanwang-job";

    // umask 022 for the job (the wrapper creates its own files under 077); fd 9 is the run lock, kept by bwrap's init.
    private const string JobShell = "umask 022; exec 9>&-; exec \"$@\"";

    private const string Shell = "/bin/sh";

    // Reads the launch file into an array (bash's mapfile splits at NUL) and starts it with exactly that environment.
    private const string LaunchShell = "mapfile -d '' -t launch < \"$1\" || exit 127; exec env -i -- \"${launch[@]}\"";
    private const string LaunchShellName = "suanwang-launch";
    private const string LaunchInSandbox = "/run/suanwang/launch";

    private static readonly string[] SystemPaths = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"];

    private readonly string _bwrap;
    private readonly string? _setpriv;
    private readonly string _env;
    private readonly string _bash;
    private readonly TenantUids? _uids;
    private readonly IReadOnlyList<string> _systemMounts;
    private readonly ConcurrentDictionary<string, bool> _probed = new(StringComparer.Ordinal);

    private JobSandbox(string bwrap, string? setpriv, string env, string bash, TenantUids? uids, IReadOnlyList<string> hidden, IReadOnlyList<string> systemMounts)
    {
        _bwrap = bwrap;
        _setpriv = setpriv;
        _env = env;
        _bash = bash;
        _uids = uids;
        HiddenDirectories = hidden;
        _systemMounts = systemMounts;
    }

    /// <summary>True when jobs run as their tenant's own user id (the broker runs as root); false when they keep the broker's.</summary>
    public bool SwitchesUser => _uids is not null;

    /// <summary>The folders no job sees and no center may expose (full paths, links resolved).</summary>
    public IReadOnlyList<string> HiddenDirectories { get; }

    /// <summary>
    /// The sandbox for this machine. <paramref name="uidsFile"/> keeps the tenant → id map (used only when this process
    /// runs as root). Nothing is started here; <see cref="Probe"/> tries it.
    /// </summary>
    /// <exception cref="InvalidOperationException">bubblewrap, or (as root) util-linux's setpriv, is missing, or the id range includes 0.</exception>
    public static JobSandbox Create(JobIsolation isolation, string uidsFile)
    {
        ArgumentNullException.ThrowIfNull(isolation);
        ArgumentException.ThrowIfNullOrWhiteSpace(uidsFile);
        if (isolation.Uids.Problem() is { } problem) throw new InvalidOperationException($"job user ids {isolation.Uids}: {problem}");
        string bwrap = Tools.Find("bwrap") ?? throw new InvalidOperationException(
            "local centers run every job in a bubblewrap sandbox, and 'bwrap' is not installed: install it (Debian and Ubuntu: apt-get install bubblewrap; or scripts/setup.sh build)");
        string env = Tools.Find("env") ?? throw new InvalidOperationException($"the local engine needs coreutils' env in {LocalEngine.DefaultPath}");
        string bash = Tools.Find("bash") ?? throw new InvalidOperationException($"the local engine starts jobs with bash (4.4 or later) from {LocalEngine.DefaultPath}, and it is not there");
        bool root = Native.EffectiveUserId == 0;
        string? setpriv = null;
        if (root)
        {
            setpriv = Tools.Find("setpriv") ?? throw new InvalidOperationException(
                "the broker runs as root, so local centers run jobs as other users with util-linux's 'setpriv', which is not installed: install util-linux");
        }
        string[] hidden = isolation.HiddenDirectories.Select(RealPath.Resolve).Distinct(StringComparer.Ordinal).ToArray();
        return new JobSandbox(bwrap, setpriv, env, bash, root ? new TenantUids(uidsFile, isolation.Uids) : null, hidden, SystemMounts());
    }

    /// <summary>The user and group ids <paramref name="tenant"/>'s jobs run as. Never 0.</summary>
    internal JobIdentity IdentityFor(string tenant)
    {
        if (_uids is null) return new JobIdentity(Native.EffectiveUserId, Native.EffectiveGroupId, false);
        uint uid = _uids.UidFor(tenant ?? "");
        if (uid == 0) throw new InvalidOperationException("refusing to run a job as root (user id 0)");
        return new JobIdentity(uid, uid, true);
    }

    /// <summary>
    /// Checks that <paramref name="exposures"/> exist and neither lie in nor hold a hidden folder or <paramref name="runsDirectory"/>;
    /// returns them with their sources' links resolved. Problems are added to <paramref name="errors"/>.
    /// </summary>
    internal IReadOnlyList<ExposedPath> Checked(IReadOnlyList<ExposedPath> exposures, string runsDirectory, List<string> errors)
    {
        string[] guarded = [.. HiddenDirectories, RealPath.Resolve(runsDirectory)];
        var checkedPaths = new List<ExposedPath>();
        foreach (ExposedPath exposure in exposures)
        {
            string setting = exposure.Writable ? "exposeWritable" : "expose";
            string? source = Native.ResolvedPath(exposure.Source);
            if (source is null)
            {
                errors.Add($"engine setting '{setting}': '{exposure.Source}' does not exist on this machine");
                continue;
            }
            if (guarded.FirstOrDefault(g => RealPath.IsInside(source, g) || RealPath.IsInside(g, source)) is { } clash)
            {
                errors.Add($"engine setting '{setting}': '{exposure.Source}' would show the broker's own folder {clash} to jobs");
                continue;
            }
            checkedPaths.Add(exposure with { Source = source });
        }
        return checkedPaths;
    }

    /// <summary>
    /// Starts a sandbox with <paramref name="exposures"/> once (per set of exposures) and fails with what to do when
    /// this machine cannot make one.
    /// </summary>
    /// <exception cref="InvalidOperationException">No sandbox can be made here; the message says why and how to fix it.</exception>
    internal void Probe(string centerId, IReadOnlyList<ExposedPath> exposures)
    {
        string key = string.Join('\n', exposures);
        if (_probed.ContainsKey(key)) return;
        var args = new List<string>();
        Namespaces(args);
        Mounts(args, exposures);
        args.AddRange(["--chdir", "/"]);
        Drop(args, new JobIdentity(_uids?.Range.First ?? Native.EffectiveUserId, _uids?.Range.First ?? Native.EffectiveGroupId, _uids is not null));
        args.AddRange([_env, "-i", "--", Shell, "-c", JobShell, JobShellName, "true"]);

        var start = new ProcessStartInfo(_bwrap) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = LocalEngine.DefaultPath;
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"center '{centerId}': a test sandbox did not end within 60 s");
        }
        if (process.ExitCode != 0)
        {
            string why = error.Result.Trim();
            string fix = _uids is not null
                ? "the broker runs as root: it needs to be allowed to create namespaces (in a container: CAP_SYS_ADMIN, or a less strict seccomp profile)"
                : "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu also kernel.apparmor_restrict_unprivileged_userns=0), or run the broker as root so jobs run as other users";
            throw new InvalidOperationException(
                $"center '{centerId}': jobs cannot be sandboxed on this machine (bwrap: {(why.Length > 0 ? why : $"exit status {process.ExitCode}")}); {fix}; and check the center's 'expose' settings");
        }
        _probed[key] = true;
    }

    /// <summary>
    /// Writes the run's <c>passwd</c> and <c>group</c> (the host's, plus a line for the job's user), which the sandbox
    /// shows as <c>/etc/passwd</c> and <c>/etc/group</c> so <c>whoami</c> and <c>id</c> name it. Only when jobs switch user.
    /// </summary>
    internal void WriteAccounts(RunFiles run, JobIdentity identity, string tenant)
    {
        if (!identity.Switched) return;
        string[] passwd = HostLines("/etc/passwd");
        string[] group = HostLines("/etc/group");
        string uid = identity.Uid.ToString(CultureInfo.InvariantCulture), gid = identity.Gid.ToString(CultureInfo.InvariantCulture);
        string name = IsAccountName(tenant) && !passwd.Any(l => l.StartsWith(tenant + ":", StringComparison.Ordinal)) && !group.Any(l => l.StartsWith(tenant + ":", StringComparison.Ordinal))
            ? tenant
            : "suanwang-" + uid;
        var users = new StringBuilder();
        foreach (string line in passwd) if (Field(line, 2) != uid) users.Append(line).Append('\n');
        users.Append(CultureInfo.InvariantCulture, $"{name}:x:{uid}:{gid}:Suanwang job:{run.Work}:/bin/sh\n");
        var groups = new StringBuilder();
        foreach (string line in group) if (Field(line, 2) != gid) groups.Append(line).Append('\n');
        groups.Append(CultureInfo.InvariantCulture, $"{name}:x:{gid}:\n");
        // Readable by the job's user; the run folder (0700) keeps everyone else out.
        AtomicFile.Write(run.Passwd, Encoding.UTF8.GetBytes(users.ToString()), AtomicFile.SharedReadable);
        AtomicFile.Write(run.Group, Encoding.UTF8.GetBytes(groups.ToString()), AtomicFile.SharedReadable);
    }

    /// <summary>
    /// The whole command that runs <paramref name="argv"/> for a run: bwrap, its mounts, the drop to the job's user,
    /// <c>env -i</c> with <paramref name="environment"/>, the job shell, then the job's argv.
    /// </summary>
    internal List<string> Command(RunFiles run, JobIdentity identity, IReadOnlyList<ExposedPath> exposures, bool withScript,
        IEnumerable<KeyValuePair<string, string>> environment, IReadOnlyList<string> argv)
    {
        // --sync-fd 9: bwrap's init (pid 1 of the sandbox) keeps the run lock the wrapper took on descriptor 9 for as long
        // as any process of the sandbox lives; the job itself gets no copy of it (the job shell closes it).
        var args = new List<string> { _bwrap, "--sync-fd", "9" };
        Namespaces(args);
        Mounts(args, exposures);
        if (identity.Switched)
        {
            args.AddRange(["--ro-bind", run.Passwd, "/etc/passwd", "--ro-bind", run.Group, "/etc/group"]);
        }
        Parents(args, run.Work);
        args.AddRange(["--bind", run.Work, run.Work, "--bind", run.Temp, run.Temp]);
        if (withScript) args.AddRange(["--ro-bind", run.Script, run.Script]);
        Parents(args, LaunchInSandbox);
        args.AddRange(["--ro-bind", run.Launch, LaunchInSandbox]);
        args.AddRange(["--chdir", run.Work]);
        Drop(args, identity);
        // The environment's values travel in the launch file, never as arguments: every local user can read a
        // process's arguments, and bwrap and the wrapper keep theirs for the run's whole life.
        args.AddRange([_bash, "-c", LaunchShell, LaunchShellName, LaunchInSandbox]);
        WriteLaunch(run, identity, environment, argv);
        return args;
    }

    /// <summary>Writes <see cref="RunFiles.Launch"/>: the environment, then <c>sh -c JobShell</c> and the job's argv, NUL-separated; readable by the job's user only.</summary>
    private void WriteLaunch(RunFiles run, JobIdentity identity, IEnumerable<KeyValuePair<string, string>> environment, IReadOnlyList<string> argv)
    {
        var parts = new List<string>();
        foreach ((string name, string value) in environment) parts.Add(name + "=" + value);
        parts.AddRange([Shell, "-c", JobShell, JobShellName]);
        parts.AddRange(argv);
        var bytes = new List<byte>();
        foreach (string part in parts)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(part));
            bytes.Add(0);
        }
        AtomicFile.Write(run.Launch, bytes.ToArray(), UnixFileMode.UserRead);
        if (identity.Switched) Native.ChangeOwner(run.Launch, identity.Uid, identity.Gid);
    }

    // ---- the parts of a command --------------------------------------------------------------------------------

    private void Namespaces(List<string> args)
    {
        // No --new-session: the job must stay in the wrapper's process group, which cancel signals as a whole.
        // No --die-with-parent: a job given SIGTERM may finish cleanly while bwrap's own processes go; its init (pid 1)
        // ignores that signal, keeps the run lock, and SIGKILL or the wrapper's final kill ends the namespace at once.
        args.AddRange(["--unshare-pid", "--unshare-ipc", "--unshare-uts"]);
        if (_uids is null) args.AddRange(["--unshare-user", "--disable-userns"]);
    }

    private void Mounts(List<string> args, IReadOnlyList<ExposedPath> exposures)
    {
        args.AddRange(_systemMounts);
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm", "--perms", "1777", "--tmpfs", "/tmp"]);
        foreach (string hidden in HiddenDirectories)
        {
            Parents(args, hidden);
            args.AddRange(["--tmpfs", hidden]);
        }
        foreach (ExposedPath exposure in exposures)
        {
            Parents(args, exposure.Target);
            args.AddRange([exposure.Writable ? "--bind" : "--ro-bind", exposure.Source, exposure.Target]);
        }
    }

    private void Drop(List<string> args, JobIdentity identity)
    {
        if (_setpriv is null)
        {
            args.Add("--");
            return;
        }
        if (identity.Uid == 0 || identity.Gid == 0) throw new InvalidOperationException("refusing to run a job as root (user or group id 0)");
        string uid = identity.Uid.ToString(CultureInfo.InvariantCulture), gid = identity.Gid.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP", "--",
            _setpriv, "--reuid", uid, "--regid", gid, "--clear-groups", "--inh-caps", "-all", "--bounding-set", "-all", "--no-new-privs", "--"]);
    }

    /// <summary>
    /// Creates every folder above <paramref name="path"/> inside the sandbox as 0755 before something is mounted there:
    /// bwrap would otherwise copy the host folders' modes, and a 0700 data folder would keep the job out of its own work/.
    /// Folders that already exist in the sandbox are left as they are.
    /// </summary>
    private static void Parents(List<string> args, string path)
    {
        string[] names = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new StringBuilder();
        for (int i = 0; i < names.Length - 1; i++)
        {
            current.Append('/').Append(names[i]);
            args.AddRange(["--perms", "0755", "--dir", current.ToString()]);
        }
    }

    private static IReadOnlyList<string> SystemMounts()
    {
        var args = new List<string>();
        foreach (string path in SystemPaths)
        {
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, path]); // merged /usr: /bin -> usr/bin
            else if (info.Exists) args.AddRange(["--ro-bind", path, path]);
        }
        return args;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static string[] HostLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray() : [];

    private static string Field(string line, int index) => line.Split(':') is var fields && fields.Length > index ? fields[index] : "";

    private static bool IsAccountName(string name) =>
        name.Length is > 0 and <= 32 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
}

/// <summary>Who a job runs as.</summary>
/// <param name="Uid">Its user id.</param>
/// <param name="Gid">Its group id.</param>
/// <param name="Switched">True when it is a tenant's own id (the broker is root), false when it is the broker's.</param>
internal readonly record struct JobIdentity(uint Uid, uint Gid, bool Switched);

/// <summary>Finds programs on <see cref="LocalEngine.DefaultPath"/>.</summary>
internal static class Tools
{
    /// <summary>The full path of <paramref name="name"/>, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        foreach (string directory in LocalEngine.DefaultPath.Split(':'))
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
