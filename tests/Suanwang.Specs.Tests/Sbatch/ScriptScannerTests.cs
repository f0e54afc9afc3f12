namespace Suanwang.Specs.Tests.Sbatch;

public sealed class ScriptScannerTests
{
    [Fact]
    public void A_script_without_a_shebang_is_refused_like_sbatch_does()
    {
        Has.OneError(Read.SbatchErrors("#SBATCH -t 10\n./run\n"), "line 1 (#SBATCH -t 10)", "must start with #!");
    }

    [Fact]
    public void The_command_is_the_interpreter_with_its_single_argument()
    {
        Assert.Equal(["/bin/bash"], Read.OneSbatch("#!/bin/bash\n./run\n").Command);
        Assert.Equal(["/bin/bash", "-l -e"], Read.OneSbatch("#! /bin/bash -l -e\n./run\n").Command);
    }

    [Fact]
    public void A_relative_interpreter_is_refused()
    {
        Has.OneError(Read.SbatchErrors("#!bash\n./run\n"), "line 1 (#!bash)", "absolute path");
    }

    [Fact]
    public void Directives_after_the_first_command_are_ignored_like_sbatch_does()
    {
        var job = Read.OneSbatch("#!/bin/bash\n#SBATCH -t 60\n\necho start\n#SBATCH -t 600\n#SBATCH --bogus\n");
        Assert.Equal(1, job.Work.ReferenceHours);
    }

    [Fact]
    public void An_indented_or_lower_case_directive_is_a_comment()
    {
        var job = Read.OneSbatch("#!/bin/bash\n  #SBATCH --bogus\n#sbatch --bogus\n# SBATCH --bogus\n./run\n");
        Assert.Equal(SpecDefaults.SbatchReferenceHours, job.Work.ReferenceHours);
    }

    [Fact]
    public void Dos_line_breaks_are_refused_with_a_fix()
    {
        Has.OneError(Read.SbatchErrors("#!/bin/bash\r\n#SBATCH -t 10\r\n./run\r\n"), "line 1", "dos2unix");
    }

    [Fact]
    public void A_nul_character_is_refused()
    {
        Has.OneError(Read.SbatchErrors("#!/bin/bash\n#SBATCH -t 10\n./r\0un\n"), "line 3", "NUL character");
    }

    [Fact]
    public void The_whole_script_is_kept_unchanged_for_the_executor()
    {
        const string Script = "#!/bin/bash\n#SBATCH -t 10\necho \"$HOME\" ; rm -f x\n";
        Assert.Equal(Script, Read.OneSbatch(Script).Script);
    }
}
