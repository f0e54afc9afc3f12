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
    [InlineData("#SBATCH --constraint=a100", "use --gres=gpu:TYPE:N")]
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
}
