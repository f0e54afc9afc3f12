using Suanwang.Model.Errors;
using YamlDotNet.RepresentationModel;

namespace Suanwang.Broker.Network;

/// <summary>
/// Edits the <c>centers:</c> list of a network document: register or replace one center, or remove
/// one. The result is a new document; the caller validates it by loading it before storing it.
/// </summary>
public static class NetworkDocument
{
    /// <summary>The document with the center <paramref name="centerYaml"/> (YAML or JSON, one center mapping) in place of the one with id <paramref name="centerId"/>, or appended.</summary>
    /// <exception cref="SpecException">The center text is not a mapping, or its <c>id</c> differs from <paramref name="centerId"/>.</exception>
    public static string PutCenter(string networkYaml, string centerId, string centerYaml)
    {
        var center = ParseCenter(centerYaml, centerId);
        var (stream, centers) = Open(networkYaml);
        int index = IndexOf(centers, centerId);
        if (index >= 0) centers.Children[index] = center;
        else centers.Children.Add(center);
        return Save(stream);
    }

    /// <summary>The document without the center <paramref name="centerId"/>; null when it has no such center.</summary>
    public static string? RemoveCenter(string networkYaml, string centerId)
    {
        var (stream, centers) = Open(networkYaml);
        int index = IndexOf(centers, centerId);
        if (index < 0) return null;
        centers.Children.RemoveAt(index);
        return Save(stream);
    }

    private static YamlMappingNode ParseCenter(string text, string centerId)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SpecException("center", [new SpecError($"line {e.Start.Line}", e.Message)]);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new SpecException("center", [new SpecError("document", "must be one center: a mapping with id, name, region, backend, pools, pricing, energy")]);
        if (mapping.Children.TryGetValue(new YamlScalarNode("id"), out var id))
        {
            if (id is not YamlScalarNode { Value: { } value } || value != centerId)
                throw new SpecException("center", [new SpecError("id", $"is '{(id as YamlScalarNode)?.Value}', but the URL names center '{centerId}'")]);
        }
        else
        {
            mapping.Children.Insert(0, new YamlScalarNode("id"), new YamlScalarNode(centerId));
        }
        return mapping;
    }

    private static (YamlStream Stream, YamlSequenceNode Centers) Open(string networkYaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(networkYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (!root.Children.TryGetValue(new YamlScalarNode("centers"), out var node) || node is not YamlSequenceNode centers)
        {
            centers = new YamlSequenceNode();
            root.Children[new YamlScalarNode("centers")] = centers;
        }
        return (stream, centers);
    }

    private static int IndexOf(YamlSequenceNode centers, string centerId)
    {
        for (int i = 0; i < centers.Children.Count; i++)
            if (centers.Children[i] is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var id)
                && id is YamlScalarNode { Value: { } value } && value == centerId)
                return i;
        return -1;
    }

    private static string Save(YamlStream stream)
    {
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
