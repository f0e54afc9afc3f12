using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Suanwang.Broker.Tests;

/// <summary>
/// Every source-generated log message of every Suanwang assembly the broker runs: a value a template shows is never
/// nullable, since the generator renders null as "(null)" (as in "exit code 0, (null)"). A fact that may be missing
/// gets a template of its own.
/// </summary>
public sealed partial class LogTemplateTests
{
    // The product's assemblies beside the tests (the CLI's, the broker's and everything they reference).
    private static string[] Names() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "Suanwang.*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "Suanwang.Testing").Order().ToArray();

    public static TheoryData<string> Assemblies => new(Names());

    [Fact]
    public void The_assemblies_that_log_are_all_checked()
    {
        foreach (string logging in new[] { "Suanwang.Broker", "Suanwang.Engines.Local", "Suanwang.Engines.Slurm", "Suanwang.Store" })
            Assert.Contains(logging, Names());
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_log_template_renders_a_nullable_value(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var nullability = new NullabilityInfoContext();
        var problems = new List<string>();
        foreach (var type in assembly.GetTypes())
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is not { } attribute) continue;
                var shown = Placeholder().Matches(attribute.Message).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var parameter in method.GetParameters())
                {
                    if (!shown.Contains(parameter.Name!)) continue;
                    bool nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                        || !parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable;
                    if (nullable) problems.Add($"{type.FullName}.{method.Name}: {{{parameter.Name}}} may be null in \"{attribute.Message}\"");
                }
            }
        Assert.Empty(problems);
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
