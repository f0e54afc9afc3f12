using Suanwang.Specs.Common;
using Suanwang.Specs.Native;

namespace Suanwang.Specs.Tests.Native;

public sealed class YamlPathsTests
{
    private const string Yaml = """
        command: [a, b]
        inputs:
          - { dataset: x, at: gansu }
          - dataset: y
            at: yangtze-delta
        env: { HOME: /home/a }
        a.b: 1
        """;

    private static readonly YamlValue Root = YamlTreeLoader.Load(Yaml, new ErrorSink())!;

    [Theory]
    [InlineData("command", 1, 10)]
    [InlineData("command[1]", 1, 14)]
    [InlineData("inputs[0].at", 3, 23)]
    [InlineData("inputs[1].at", 5, 9)]
    [InlineData("env.HOME", 6, 14)]
    [InlineData("a.b", 7, 6)]
    public void A_path_is_found_at_its_value(string path, int line, int column)
    {
        Assert.Equal(new TextPosition(line, column), YamlPaths.PositionOf(Root, path));
    }

    [Theory]
    [InlineData("inputs[1].sizeGiB", 4, 5)]
    [InlineData("inputs[7].at", 3, 3)]
    [InlineData("work.referenceHours", 1, 1)]
    [InlineData("document", 1, 1)]
    public void A_path_to_something_absent_is_found_at_the_deepest_value_that_exists(string path, int line, int column)
    {
        Assert.Equal(new TextPosition(line, column), YamlPaths.PositionOf(Root, path));
    }
}
