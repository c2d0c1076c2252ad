using System.Globalization;
using System.Text.Json;
using MergeBus.Protocol;

namespace MergeBus.LiveKit.Wire;

/// <summary>
/// Reads protobuf JSON the way protojson and protobuf-es write it: lowerCamelCase or the proto name, int64 as a
/// string or a number, enums as a name or a number, null as absent, unknown fields ignored. A field of the wrong
/// shape fails with one line naming its path.
/// </summary>
internal static class ProtoJson
{
    public static JsonElement? Field(JsonElement obj, string camel, string snake)
    {
        if (obj.TryGetProperty(camel, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        if (snake != camel && obj.TryGetProperty(snake, out value) && value.ValueKind != JsonValueKind.Null) return value;
        return null;
    }

    public static string String(JsonElement obj, string camel, string snake, string path) =>
        Field(obj, camel, snake) is not { } v ? ""
        : v.ValueKind == JsonValueKind.String ? v.GetString()!
        : throw Wrong(path, snake, "a string");

    public static long Int64(JsonElement obj, string camel, string snake, string path)
    {
        if (Field(obj, camel, snake) is not { } v) return 0;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String &&
            long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)) return n;
        throw Wrong(path, snake, "an int64 (a number or a decimal string)");
    }

    /// <summary>An enum by name or by number; <paramref name="names"/>[0] (the zero value) when absent.</summary>
    public static string Enum(JsonElement obj, string camel, string snake, string path, IReadOnlyList<string> names)
    {
        if (Field(obj, camel, snake) is not { } v) return names[0];
        if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
            return n >= 0 && n < names.Count ? names[n] : n.ToString(CultureInfo.InvariantCulture);
        throw Wrong(path, snake, "an enum name or number");
    }

    public static JsonElement? Object(JsonElement obj, string camel, string snake, string path) =>
        Field(obj, camel, snake) is not { } v ? null
        : v.ValueKind == JsonValueKind.Object ? v
        : throw Wrong(path, snake, "an object");

    public static IEnumerable<JsonElement> Objects(JsonElement obj, string camel, string snake, string path)
    {
        if (Field(obj, camel, snake) is not { } v) yield break;
        if (v.ValueKind != JsonValueKind.Array) throw Wrong(path, snake, "an array");
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw new PermanentMergeException($"livekit field {Join(path, snake)}[{i}] must be an object");
            yield return item;
            i++;
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static PermanentMergeException Wrong(string path, string name, string expected) =>
        new($"livekit field {Join(path, name)} must be {expected}");
}
