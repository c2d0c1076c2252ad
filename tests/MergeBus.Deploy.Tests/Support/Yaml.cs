using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>YAML (one document or a stream) as JSON nodes, with unquoted numbers and booleans typed.</summary>
public static class Yaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    public static IReadOnlyList<JsonObject> Documents(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<JsonObject>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            var value = Reader.Deserialize<object?>(parser);
            if (value is not null) documents.Add(JsonNode.Parse(JsonSerializer.Serialize(value))!.AsObject());
        }
        return documents;
    }

    public static JsonObject Document(string yaml) => Documents(yaml).Single();

    /// <summary>Dotted keys of every scalar or list ("storage.s3.bucket").</summary>
    public static IEnumerable<string> FlatKeys(JsonObject mapping, string prefix = "")
    {
        foreach (var (key, value) in mapping)
        {
            if (value is JsonObject child)
                foreach (var inner in FlatKeys(child, prefix + key + ".")) yield return inner;
            else yield return prefix + key;
        }
    }
}
