using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json;
using MergeBus.Contracts;
using MergeBus.LoopbackServers;

namespace MergeBus.Downstream.Tests.Support;

/// <summary>
/// The committed JSON Schemas of the public events (docs/events/schemas) and the schemas today's types produce,
/// with the rule that keeps apps working: every committed field is still there, with the same JSON type.
/// </summary>
public static class EventSchemas
{
    public const string WriteVariable = "MERGEBUS_WRITE_EVENT_SCHEMAS";
    public static readonly Type[] PublicEvents = [typeof(MergeJobStarted), typeof(MergeJobCompleted), typeof(MergeJobDeadLettered), typeof(MergeJobRetried)];

    /// <summary>MassTransit's JSON: camelCase names, System.Text.Json.</summary>
    private static readonly JsonSerializerOptions WireOptions = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict, // numbers are written as numbers
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static string PathOf(Type type) =>
        Path.Combine(RepoPaths.RepoRoot, "docs", "events", "schemas", $"{type.Name}.v1.schema.json");

    public static JsonObject Generate(Type type)
    {
        var schema = WireOptions.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true }).AsObject();
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:mergebus:event:{type.Name}:v1",
            ["title"] = type.Name,
            ["description"] = $"The \"message\" of a MassTransit envelope whose messageType lists urn:message:MergeBus.Contracts:{type.Name}. Fields are only ever added.",
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            document[key] = value;
        }
        return document;
    }

    public static JsonObject ReadCommitted(Type type) => JsonNode.Parse(File.ReadAllText(PathOf(type)))!.AsObject();

    public static void Write(Type type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(type))!);
        File.WriteAllText(PathOf(type), Generate(type).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Every field of <paramref name="committed"/> exists in <paramref name="current"/> with the same type; lists the breaks.</summary>
    public static List<string> Breaks(JsonObject committed, JsonObject current)
    {
        var breaks = new List<string>();
        Compare(committed, committed, current, current, "$", breaks);
        return breaks;
    }

    /// <summary>Every field the schema names is in <paramref name="instance"/> (a real message) with a JSON kind the schema allows.</summary>
    public static List<string> Mismatches(JsonObject schema, JsonNode? instance)
    {
        var problems = new List<string>();
        Validate(schema, schema, instance, "$", problems);
        return problems;
    }

    private static void Compare(JsonObject oldRoot, JsonObject old, JsonObject newRoot, JsonObject current, string path, List<string> breaks)
    {
        old = Resolve(oldRoot, old);
        current = Resolve(newRoot, current);
        var oldType = old["type"]?.ToJsonString() ?? "";
        var newType = current["type"]?.ToJsonString() ?? "";
        if (oldType != newType)
        {
            breaks.Add($"{path}: type was {oldType}, is {newType}");
            return;
        }
        if (old["properties"] is JsonObject oldProperties)
        {
            var newProperties = current["properties"] as JsonObject;
            foreach (var (name, oldProperty) in oldProperties)
            {
                if (newProperties?[name] is not JsonObject newProperty) breaks.Add($"{path}.{name}: removed");
                else Compare(oldRoot, oldProperty!.AsObject(), newRoot, newProperty, $"{path}.{name}", breaks);
            }
        }
        foreach (var nested in new[] { "items", "additionalProperties" })
        {
            if (old[nested] is not JsonObject oldNested) continue;
            if (current[nested] is JsonObject newNested) Compare(oldRoot, oldNested, newRoot, newNested, $"{path}[{nested}]", breaks);
            else breaks.Add($"{path}[{nested}]: removed");
        }
    }

    private static void Validate(JsonObject root, JsonObject schema, JsonNode? instance, string path, List<string> problems)
    {
        schema = Resolve(root, schema);
        var allowed = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string)t!).ToHashSet(),
            JsonValue one => [(string)one!],
            _ => null,
        };
        var kind = instance switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString().Contains('.') ? "number" : "integer",
            _ => "unknown",
        };
        if (allowed is not null && !allowed.Contains(kind) && !(kind == "integer" && allowed.Contains("number")))
        {
            problems.Add($"{path}: is {kind}, schema says {string.Join("|", allowed)}");
            return;
        }
        if (schema["properties"] is JsonObject properties && instance is JsonObject obj)
        {
            foreach (var (name, property) in properties)
            {
                if (!obj.ContainsKey(name)) problems.Add($"{path}.{name}: missing");
                else Validate(root, property!.AsObject(), obj[name], $"{path}.{name}", problems);
            }
        }
        if (schema["items"] is JsonObject items && instance is JsonArray array)
            for (var i = 0; i < array.Count; i++) Validate(root, items, array[i], $"{path}[{i}]", problems);
        if (schema["additionalProperties"] is JsonObject values && instance is JsonObject map)
            foreach (var (name, value) in map) Validate(root, values, value, $"{path}.{name}", problems);
    }

    /// <summary>Follows a "$ref": "#/a/b" pointer (the exporter writes one for a type met a second time).</summary>
    private static JsonObject Resolve(JsonObject root, JsonObject schema)
    {
        if (schema["$ref"] is not JsonValue reference) return schema;
        JsonNode node = root;
        foreach (var part in ((string)reference!).TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = node[part.Replace("~1", "/").Replace("~0", "~")]!;
        return Resolve(root, node.AsObject());
    }
}
