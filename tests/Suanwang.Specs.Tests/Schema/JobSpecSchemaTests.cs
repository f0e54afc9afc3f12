using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using Suanwang.Specs.Native;
using YamlDotNet.RepresentationModel;

namespace Suanwang.Specs.Tests.Schema;

/// <summary>
/// Pins the published schema: every example validates against it and reads with the reader, the
/// schema and the reader know exactly the same field names, and its defaults are the reader's.
/// </summary>
public sealed class JobSpecSchemaTests
{
    private static readonly string SchemaText = File.ReadAllText(TestFiles.Path("Published", "job-spec.schema.json"));

    public static TheoryData<string> Examples => new(ExampleFiles());

    private static IEnumerable<string> ExampleFiles() =>
        TestFiles.In("Examples", "*.*").Concat(TestFiles.In(Path.Combine("Published", "examples"), "*.yaml"))
            .Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f));

    [Fact]
    public void The_embedded_schema_is_the_published_file()
    {
        Assert.Equal(SchemaText, JobSpecSchema.Json);
    }

    [Fact]
    public void There_are_test_examples_and_user_facing_examples()
    {
        Assert.Contains(ExampleFiles(), e => e.StartsWith("Examples", StringComparison.Ordinal));
        Assert.Contains(ExampleFiles(), e => e.StartsWith("Published", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_validates_against_the_schema(string file)
    {
        JsonSchema schema = await JsonSchema.FromJsonAsync(SchemaText);
        string json = YamlToJson(File.ReadAllText(TestFiles.Path(file)));
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, $"{file}:\n  " + string.Join("\n  ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_reads(string file)
    {
        Assert.Single(JobSpecReader.Read(File.ReadAllText(TestFiles.Path(file)), file, A.Context()));
    }

    [Theory]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"resource\": {}}")]
    [InlineData("{\"command\": \"a\", \"work\": {\"referenceHours\": 1}}")]
    [InlineData("{\"command\": [\"a\"]}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"2026-12-01T00:00:00\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"preferences\": {\"carbonWeight\": 2}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"+\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"+-3h\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"+3x\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"deadline\": \"36h\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"notBefore\": \"+12h1d\"}}")]
    [InlineData("{\"command\": [\"a\"], \"work\": {\"referenceHours\": 1}, \"constraints\": {\"notBefore\": \"+1.5h\"}}")]
    public async Task The_schema_refuses_what_the_reader_refuses(string json)
    {
        JsonSchema schema = await JsonSchema.FromJsonAsync(SchemaText);
        Assert.NotEmpty(schema.Validate(json));
        Assert.Throws<Suanwang.Model.Errors.SpecException>(() => Read.Native(json));
    }

    [Theory]
    [InlineData("+36h")]
    [InlineData("+90m")]
    [InlineData("+45s")]
    [InlineData("+1d12h")]
    [InlineData("+1d2h3m4s")]
    [InlineData("2026-12-01T00:00:00+08:00")]
    public async Task The_schema_and_the_reader_accept_the_same_times(string time)
    {
        JsonSchema schema = await JsonSchema.FromJsonAsync(SchemaText);
        string json = $"{{\"command\": [\"a\"], \"work\": {{\"referenceHours\": 1}}, \"constraints\": {{\"deadline\": \"{time}\"}}}}";
        Assert.Empty(schema.Validate(json));
        Assert.NotNull(Read.Native(json).Constraints.Deadline);
    }

    [Fact]
    public async Task A_service_needs_no_work_in_the_schema_either()
    {
        JsonSchema schema = await JsonSchema.FromJsonAsync(SchemaText);
        const string Json = "{\"kind\": \"service\", \"command\": [\"serve\"]}";
        Assert.Empty(schema.Validate(Json));
        Read.Native(Json);
    }

    [Fact]
    public void The_schema_and_the_reader_know_the_same_fields()
    {
        var fromSchema = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Collect(JsonDocument.Parse(SchemaText).RootElement, "", fromSchema);
        var fromReader = NativeSpecFields.ByPath.ToDictionary(p => p.Key, p => string.Join(",", p.Value.Order(StringComparer.Ordinal)));

        Assert.Equal(fromReader.OrderBy(p => p.Key, StringComparer.Ordinal), fromSchema);
    }

    [Fact]
    public void Every_schema_property_has_a_description()
    {
        var missing = new List<string>();
        Descriptions(JsonDocument.Parse(SchemaText).RootElement, "", missing);
        Assert.Empty(missing);
    }

    [Fact]
    public void The_schema_defaults_are_the_readers()
    {
        var root = JsonNode.Parse(SchemaText)!;
        var properties = root["properties"]!;
        Assert.Equal(SpecDefaults.Kind, (string)properties["kind"]!["default"]!);
        Assert.Equal(SpecDefaults.Nodes, (int)properties["resources"]!["properties"]!["nodes"]!["default"]!);
        Assert.Equal(SpecDefaults.AcceleratorCount, (int)properties["resources"]!["properties"]!["accelerators"]!["properties"]!["count"]!["default"]!);
        Assert.Equal(0, (double)properties["preferences"]!["properties"]!["carbonWeight"]!["default"]!);
        Assert.Equal(0, (double)properties["preferences"]!["properties"]!["flexibleStartHours"]!["default"]!);
        Assert.Contains("4 GiB per CPU core", (string)properties["resources"]!["properties"]!["memoryGiB"]!["description"]!);
    }

    // Records each object's property names by path ("[]" for list items), as NativeSpecFields does.
    private static void Collect(JsonElement node, string path, IDictionary<string, string> found)
    {
        if (!node.TryGetProperty("properties", out JsonElement properties)) return;
        found[path] = string.Join(",", properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (JsonProperty property in properties.EnumerateObject())
        {
            string child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            Collect(property.Value, child, found);
            if (property.Value.TryGetProperty("items", out JsonElement items)) Collect(items, child + "[]", found);
        }
    }

    private static void Descriptions(JsonElement node, string path, List<string> missing)
    {
        if (!node.TryGetProperty("properties", out JsonElement properties)) return;
        foreach (JsonProperty property in properties.EnumerateObject())
        {
            string child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!property.Value.TryGetProperty("description", out _)) missing.Add(child);
            Descriptions(property.Value, child, missing);
            if (property.Value.TryGetProperty("items", out JsonElement items)) Descriptions(items, child + "[]", missing);
        }
    }

    /// <summary>YAML to JSON with YAML 1.2 core-schema typing of plain scalars (JSON is YAML, so it passes through).</summary>
    private static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!.ToJsonString();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Plain(string text)
    {
        if (text is "" or "~" or "null") return null;
        if (text is "true" or "false") return JsonValue.Create(text == "true");
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long whole)) return JsonValue.Create(whole);
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)) return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
