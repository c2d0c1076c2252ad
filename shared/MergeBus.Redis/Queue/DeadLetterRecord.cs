using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MergeBus.Redis.Queue;

/// <summary>Builds the dead-list record: <c>{"entry": ..., "reason": ..., "at": unix ns}</c>, never carrying a key.</summary>
internal static partial class DeadLetterRecord
{
    private const int MaxReasonChars = 1024;

    public static string Create(string entry, string reason, DateTimeOffset at, int maxEntryChars)
    {
        var record = new JsonObject
        {
            ["entry"] = Sanitize(entry, maxEntryChars),
            ["reason"] = Truncate(reason, MaxReasonChars),
            ["at"] = (at - DateTimeOffset.UnixEpoch).Ticks * 100, // spec §1: times are Unix nanoseconds
        };
        return record.ToJsonString();
    }

    /// <summary>
    /// Drops <c>encryption.master_key</c> from JSON entries. A broken entry is kept only in part, and anything
    /// that still looks like a master_key value is blanked, because broken JSON can still hold a usable key.
    /// </summary>
    public static string Sanitize(string entry, int maxEntryChars)
    {
        try
        {
            if (JsonNode.Parse(entry) is JsonObject job)
            {
                if (job["encryption"] is JsonObject encryption)
                    encryption.Remove("master_key");
                return job.ToJsonString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the textual redaction.
        }

        return Truncate(MasterKeyPattern().Replace(entry, "\"master_key\":\"<removed>\""), maxEntryChars);
    }

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

    [GeneratedRegex("\"master_key\"\\s*:\\s*\"[^\"]*\"?", RegexOptions.CultureInvariant)]
    private static partial Regex MasterKeyPattern();
}
