using System.Text.Json;
using CsCheck;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;

namespace Suanwang.Model.Tests.Jobs;

/// <summary>Slurm's --constraint grammar as sbatch documents it, judged against one pool's features and node count.</summary>
public sealed class FeatureConstraintTests
{
    private static IReadOnlySet<string> Has(params string[] features) => FeatureNames.SetOf(features);

    [Theory]
    [InlineData("a100", "a100", true)]
    [InlineData("a100", "h800", false)]
    [InlineData("a100&ib", "a100,ib", true)]
    [InlineData("a100&ib", "a100,roce", false)]
    [InlineData("a100,ib", "a100,ib", true)]            // a comma is AND
    [InlineData("a100,ib", "a100", false)]
    [InlineData("a100|h800", "h800", true)]             // OR: a pool with either
    [InlineData("a100|h800", "v100", false)]
    [InlineData("[rack1|rack2|rack3]", "rack2", true)]  // matching OR: any one of them, on every node
    [InlineData("[rack1|rack2]", "rack3", false)]
    [InlineData("(a100|h800)&ib", "h800,ib", true)]
    [InlineData("(a100|h800)&ib", "h800,roce", false)]
    [InlineData("a100&(ib|roce)", "a100,roce", true)]
    [InlineData("a100|h800&ib", "a100,roce", false)]    // left to right, as Slurm: (a100|h800)&ib
    [InlineData("a100|h800&ib", "a100,ib", true)]
    [InlineData("ib&a100|h800", "h800", true)]          // (ib&a100)|h800
    public void Judges_a_pool_as_Slurm_reads_the_constraint(string constraint, string features, bool satisfied)
    {
        Assert.Equal(satisfied, FeatureConstraint.Parse(constraint).IsSatisfiedBy(Has(features.Split(','))));
    }

    [Fact]
    public void Feature_names_are_case_sensitive_as_in_Slurm()
    {
        Assert.False(FeatureConstraint.Parse("A100").IsSatisfiedBy(Has("a100")));
        Assert.True(FeatureConstraint.Parse("A100").IsSatisfiedBy(Has("A100")));
    }

    [Theory]
    [InlineData("a100*2", 2, true)]
    [InlineData("a100*2", 1, false)]       // the pool has the feature but fewer nodes than asked
    [InlineData("[a100*2&ib*4]", 6, true)] // multiple counts: every feature, and their total of nodes
    [InlineData("[a100*2&ib*4]", 5, false)]
    [InlineData("[(a100|h800)*1&ib*2]", 3, true)]
    public void Node_counts_need_that_many_nodes_in_the_pool(string constraint, int nodes, bool satisfied)
    {
        Assert.Equal(satisfied, FeatureConstraint.Parse(constraint).IsSatisfiedBy(Has("a100", "ib"), nodes));
    }

    [Theory]
    [InlineData("a100", "a100")]
    [InlineData("a100,ib", "a100&ib")]
    [InlineData("a|b&c", "a|b&c")]
    [InlineData("(a|b)&c", "(a|b)&c")]
    [InlineData("[a*2&b*4]", "[a*2&b*4]")]
    [InlineData("[(a|b)*1&c*2]", "[(a|b)*1&c*2]")]
    [InlineData("gpu_80g.v-2", "gpu_80g.v-2")]
    public void Writes_Slurms_text(string text, string written)
    {
        Assert.Equal(written, FeatureConstraint.Parse(text).ToString());
    }

    [Fact]
    public void Names_every_feature_it_mentions()
    {
        Assert.Equal(["a100", "h800", "ib"], FeatureConstraint.Parse("(a100|h800)&ib").Features);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a100&", "position 6", "missing after '&'")]
    [InlineData("&a100", "position 1", "missing before '&'")]
    [InlineData("a100||h800", "position 6", "missing before '|'")]
    [InlineData("a100 & ib", "position 5", "a space")]
    [InlineData("a100;rm", "position 5", "';'")]
    [InlineData("(a100|h800", "position 1", "'(' is never closed")]
    [InlineData("a100)", "position 5", "no '(' before it")]
    [InlineData("()", "position 2", "empty parentheses")]
    [InlineData("[a|b", "position 1", "'[' is never closed")]
    [InlineData("[a|b]&[c|d]", "position 7", "one bracketed set per job")]
    [InlineData("(a&[b|c])", "position 4", "cannot be inside parentheses")]
    [InlineData("(a&b|c)", "position 5", "mixed inside parentheses")]
    [InlineData("[a*2|b*2]", "position 3", "cannot be joined with '|'")]
    [InlineData("[a*2&b]", "position 1", "each need a node count")]
    [InlineData("[a|b&c]", "position 5", "matching OR")]
    [InlineData("a100*", "position 6", "followed by a node count")]
    [InlineData("a100*0", "position 6", "from 1 to 100000")]
    [InlineData("[a|b]*2", "position 6", "not on the brackets")]
    [InlineData("a*2|b", "position 2", "cannot be joined with '|'")]
    public void Refuses_what_is_not_a_constraint_naming_the_position(string text, params string[] expected)
    {
        var e = Assert.Throws<FormatException>(() => FeatureConstraint.Parse(text));
        foreach (string part in expected) Assert.Contains(part, e.Message);
    }

    [Fact]
    public void Round_trips_through_json_as_its_text()
    {
        var constraints = JobConstraints.None with { Features = FeatureConstraint.Parse("(a100|h800)&ib") };
        string json = JsonSerializer.Serialize(constraints);
        Assert.Contains("\"Features\":\"(a100|h800)\\u0026ib\"", json);
        Assert.Equal(constraints.Features, JsonSerializer.Deserialize<JobConstraints>(json)!.Features);
    }

    // ---- property: whatever it writes, it reads back as the same constraint with the same answers ----

    private static readonly Gen<string> Name = Gen.OneOf("a100", "h800", "ib", "roce", "gpu80g", "x86_64", "sm.90", "A100");

    private static Gen<string> Expression(int depth)
    {
        var term = depth == 0
            ? Name
            : Gen.Frequency((3, Name), (1, Expression(depth - 1).Select(e => $"({e})")));
        var counted = Gen.Select(term, Gen.Int[0, 3], (t, n) => n == 0 ? t : $"{t}*{n}");
        var single = Gen.Select(Name, Gen.Int[0, 3], (t, n) => n == 0 ? t : $"{t}*{n}");
        // One operator per group inside parentheses; counts only where no '|' is at the same level.
        var andGroup = single.Array[1, 4].Select(items => string.Join("&", items));
        var orGroup = term.Array[2, 4].Select(items => string.Join("|", items));
        var mixed = Gen.Select(term.Array[2, 5], Gen.Char["&|"].Array[4], (items, ops) =>
            items[0] + string.Concat(items.Skip(1).Select((t, i) => $"{ops[i]}{t}")));
        return depth == 0 ? Gen.OneOf(andGroup, orGroup) : Gen.OneOf(andGroup, orGroup, mixed, counted);
    }

    private static readonly Gen<string> Constraint = Gen.Frequency(
        (6, Expression(2)),
        (1, Name.Array[2, 4].Select(items => $"[{string.Join("|", items)}]")),
        (1, Gen.Select(Name.Array[1, 3], Gen.Int[1, 4], (items, n) => $"[{string.Join("&", items.Select(i => $"{i}*{n}"))}]")));

    [Fact]
    public void Parse_of_ToString_is_the_same_constraint()
    {
        var features = Name.Array[0, 5].Select(names => FeatureNames.SetOf(names));
        Gen.Select(Constraint, features, Gen.Int[1, 8]).Sample((text, pool, nodes) =>
        {
            if (!FeatureConstraint.TryParse(text, out var constraint, out _)) return true; // the generator may break a rule (e.g. a count next to '|')
            var again = FeatureConstraint.Parse(constraint!.ToString());
            return again.Equals(constraint)
                && again.ToString() == constraint.ToString()
                && again.IsSatisfiedBy(pool, nodes) == constraint.IsSatisfiedBy(pool, nodes);
        }, iter: 2000);
    }

    [Fact]
    public void The_generator_mostly_makes_valid_constraints()
    {
        int valid = 0, total = 0;
        Constraint.Sample(text => { total++; if (FeatureConstraint.TryParse(text, out _, out _)) valid++; }, iter: 500);
        Assert.True(valid * 2 > total, $"{valid} of {total} generated constraints are valid");
    }
}
