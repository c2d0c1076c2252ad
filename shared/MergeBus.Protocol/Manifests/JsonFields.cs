using System.Text.Json;
using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>Typed reads of known manifest fields. A field of the wrong type fails naming its path.</summary>
internal static class JsonFields
{
    /// <summary>Missing or null reads as null; JSON null is how Go writes an absent pointer.</summary>
    public static string? String(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw WrongType(path, name, "a string");
    }

    public static bool? Bool(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        throw WrongType(path, name, "true or false");
    }

    public static long? Int64(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n)) return n;
        throw WrongType(path, name, "an integer");
    }

    public static int? Int32(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n)) return n;
        throw WrongType(path, name, "a 32-bit integer");
    }

    public static double? Double(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var n)) return n;
        throw WrongType(path, name, "a number");
    }

    public static JsonObject? Object(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        return node as JsonObject ?? throw WrongType(path, name, "an object");
    }

    public static JsonArray? Array(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null) return null;
        return node as JsonArray ?? throw WrongType(path, name, "an array");
    }

    /// <summary>The objects of an array field; any other element fails naming its index.</summary>
    public static IReadOnlyList<JsonObject> Objects(JsonObject obj, string name, string path)
    {
        var array = Array(obj, name, path);
        if (array is null) return [];
        var result = new List<JsonObject>(array.Count);
        for (var i = 0; i < array.Count; i++)
            result.Add(array[i] as JsonObject ?? throw new PermanentMergeException(
                $"manifest field {Join(path, name)}[{i}] must be an object"));
        return result;
    }

    public static IReadOnlyList<string> Strings(JsonObject obj, string name, string path)
    {
        var array = Array(obj, name, path);
        if (array is null) return [];
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String) result.Add(v.GetValue<string>());
            else throw new PermanentMergeException($"manifest field {Join(path, name)}[{i}] must be a string");
        }
        return result;
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Sets a field, or removes it when the value is null (Go's omitempty).</summary>
    public static void SetOrRemove(JsonObject obj, string name, JsonNode? value)
    {
        if (value is null) obj.Remove(name);
        else obj[name] = value;
    }

    private static PermanentMergeException WrongType(string path, string name, string expected) =>
        new($"manifest field {Join(path, name)} must be {expected}");
}
