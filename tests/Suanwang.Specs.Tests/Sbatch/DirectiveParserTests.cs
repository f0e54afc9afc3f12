using Suanwang.Model.Jobs;
using Suanwang.Specs.Sbatch;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class DirectiveParserTests
{
    [Theory]
    [InlineData("#SBATCH --nodes=2")]
    [InlineData("#SBATCH --nodes 2")]
    [InlineData("#SBATCH -N 2")]
    [InlineData("#SBATCH -N2")]
    [InlineData("#SBATCH -QvN2")]
    public void Long_short_attached_and_clustered_forms_all_work(string line)
    {
        Assert.Equal(2, Read.OneSbatch(Read.Script(line)).Resources.Nodes);
    }

    [Fact]
    public void When_an_option_is_given_twice_the_last_wins()
    {
        Assert.Equal(3, Read.OneSbatch(Read.Script("#SBATCH -N 2", "#SBATCH --nodes=3")).Resources.Nodes);
    }

    [Fact]
    public void An_unknown_option_is_named_with_a_suggestion()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --cpus-per-tsk=4")), "line 2 (#SBATCH --cpus-per-tsk=4)", "unknown option --cpus-per-tsk (did you mean '--cpus-per-task'?)");
    }

    [Fact]
    public void An_unknown_short_option_is_named()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -Z 4")), "line 2 (#SBATCH -Z 4)", "unknown option -Z");
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --time")), "line 2 (#SBATCH --time)", "--time needs a value");
    }

    [Fact]
    public void A_flag_given_a_value_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --requeue=yes")), "line 2 (#SBATCH --requeue=yes)", "--requeue takes no value");
    }

    [Fact]
    public void A_word_that_is_not_an_option_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH time=10")), "line 2 (#SBATCH time=10)", "expected an option");
    }

    [Theory]
    [InlineData("#SBATCH --reservation=maint", "--reservation cannot be honoured across centers: reservations belong to one cluster")]
    [InlineData("#SBATCH --nodelist=gpu[01-02]", "--nodelist cannot be honoured")]
    [InlineData("#SBATCH -x gpu07", "-x cannot be honoured")]
    [InlineData("#SBATCH -M cluster2", "#SUANWANG centers=")]
    [InlineData("#SBATCH --licenses=matlab:1", "--licenses cannot be honoured across centers: licenses belong to one cluster")]
    [InlineData("#SBATCH --gpus-per-socket=2", "give GPUs with --gpus-per-node or --gres")]
    [InlineData("#SBATCH --help", "sbatch would print its help and submit nothing")]
    [InlineData("#SBATCH --hold", "a held job cannot be placed")]
    [InlineData("#SBATCH --wrap=\"echo hi\"", "give the command as a script")]
    public void Options_a_network_cannot_honour_are_refused_with_the_reason(string line, string message)
    {
        Has.OneError(Read.SbatchErrors(Read.Script(line)), $"line 2 ({line})", message);
    }

    [Theory]
    [InlineData("#SBATCH --output=%x-%j.out --error=%x-%j.err")]
    [InlineData("#SBATCH --exclusive")]
    [InlineData("#SBATCH --exclusive=user")]
    [InlineData("#SBATCH --mail-type=ALL --mail-user=a@b.c")]
    [InlineData("#SBATCH --export=ALL,FOO=bar")]
    [InlineData("#SBATCH --chdir=/scratch/me -D /scratch")]
    [InlineData("#SBATCH --comment=\"any text\"")]
    [InlineData("#SBATCH --qos=high --requeue --signal=B:USR1@60")]
    public void Options_that_only_matter_inside_a_center_are_accepted_and_ignored(string line)
    {
        Assert.Single(Read.Sbatch(Read.Script(line)));
    }

    [Fact]
    public void Errors_on_several_lines_are_all_reported()
    {
        var errors = Read.SbatchErrors(Read.Script("#SBATCH --bogus", "#SBATCH -t 10", "#SBATCH --nodelist=n1", "#SBATCH --time=soon"));
        Has.Error(errors, "line 2 (#SBATCH --bogus)", "unknown option");
        Has.Error(errors, "line 4 (#SBATCH --nodelist=n1)", "cannot be honoured");
        Has.Error(errors, "line 5 (#SBATCH --time=soon)", "is not a Slurm time");
        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("#SBATCH --tasks-per-node=4")]
    [InlineData("#SBATCH --ntasks-per-node=4")]
    public void Tasks_per_node_is_the_same_option_as_ntasks_per_node(string line)
    {
        JobRequest job = Read.OneSbatch(Read.Script("#SBATCH --nodes=2", line, "#SBATCH --cpus-per-task=3"));

        Assert.Equal(24, job.Resources.Cpus);
        Assert.Equal("4", job.SettingsFor("slurm")["ntasks-per-node"]);
    }

    [Fact]
    public void The_last_of_an_option_and_its_alias_wins()
    {
        JobRequest job = Read.OneSbatch(Read.Script("#SBATCH --ntasks-per-node=4", "#SBATCH --tasks-per-node=8"));

        Assert.Equal(8, job.Resources.Cpus);
    }

    [Theory]
    [InlineData("#SBATCH --part=gpu", "partition", "gpu")]
    [InlineData("#SBATCH --job=train", null, null)]
    [InlineData("#SBATCH --acco=physics", "account", "physics")]
    [InlineData("#SBATCH --ntasks-per-n=4", "ntasks-per-node", "4")]
    [InlineData("#SBATCH --tasks=4", "ntasks-per-node", "4")]
    public void A_unique_abbreviation_is_the_option_it_abbreviates_as_in_sbatch(string line, string? key, string? value)
    {
        JobRequest job = Read.OneSbatch(Read.Script(line));

        if (key is null) Assert.Equal("train", job.Name);
        else Assert.Equal(value, job.SettingsFor("slurm")[key]);
    }

    [Theory]
    [InlineData("#SBATCH --ti=10", "--ti is ambiguous: it could be --time, --time-min")]
    [InlineData("#SBATCH --ntasks-per=2", "--ntasks-per is ambiguous: it could be --ntasks-per-core, --ntasks-per-gpu, --ntasks-per-node, --ntasks-per-socket, --ntasks-per-tres")]
    [InlineData("#SBATCH --n=2", "--n is ambiguous")]
    public void An_ambiguous_abbreviation_is_refused_naming_the_candidates_as_sbatch_does(string line, string message)
    {
        Has.OneError(Read.SbatchErrors(Read.Script(line)), $"line 2 ({line})", message);
    }

    [Fact]
    public void An_exact_name_wins_over_the_longer_names_it_begins()
    {
        JobRequest job = Read.OneSbatch(Read.Script("#SBATCH --time=10", "#SBATCH --mem=1G", "#SBATCH --gpus=1"));

        Assert.Equal(10.0 / 60, job.Work.TimeLimitHours!.Value, 6);
        Assert.Equal(1, job.Resources.AcceleratorCount);
    }

    // Every long option of sbatch 22.05 (from its own "option is ambiguous" lists, documented and hidden) and the
    // ones 24.11 adds; each must be known: mapped, ignored or refused with a reason, never "unknown".
    public static TheoryData<string> SbatchLongOptions => new(
    [
        "account", "acctg-freq", "array", "batch", "begin", "bb", "bbf", "cluster-constraint", "chdir", "cluster", "clusters", "comment",
        "container", "context", "contiguous", "constraint", "core-spec", "cores-per-socket", "cpu-freq", "cpus-per-gpu", "cpus-per-task",
        "deadline", "delay-boot", "dependency", "distribution", "error", "exclude", "exclusive", "export", "export-file", "extra-node-info",
        "get-user-env", "gid", "gpu-bind", "gpu-freq", "gpus", "gpus-per-node", "gpus-per-socket", "gpus-per-task", "gres", "gres-flags",
        "help", "hint", "hold", "ignore-pbs", "input", "job-name", "kill-on-invalid-dep", "licenses", "mail-type", "mail-user", "mcs-label",
        "mem", "mem-bind", "mem-per-cpu", "mem-per-gpu", "mincpus", "network", "nice", "no-kill", "no-requeue", "nodefile", "nodelist",
        "nodes", "ntasks", "ntasks-per-core", "ntasks-per-gpu", "ntasks-per-node", "ntasks-per-socket", "ntasks-per-tres", "open-mode",
        "output", "overcommit", "oversubscribe", "parsable", "partition", "power", "prefer", "priority", "profile", "propagate", "qos",
        "quiet", "reboot", "requeue", "reservation", "signal", "sockets-per-node", "spread-job", "switches", "tasks-per-node", "test-only",
        "thread-spec", "threads-per-core", "time", "time-min", "tmp", "uid", "use-min-nodes", "usage", "verbose", "version", "wait",
        "wait-all-nodes", "wckey", "wrap",
        // added by 23.02-24.11
        "container-id", "extra", "oom-kill-step", "tres-bind", "tres-per-task",
    ]);

    [Theory]
    [MemberData(nameof(SbatchLongOptions))]
    public void Every_option_sbatch_accepts_is_known(string name)
    {
        SbatchOption? option = SbatchOptions.Find(name);

        Assert.NotNull(option);
        Assert.False(string.IsNullOrWhiteSpace(option.Note));
    }
}
