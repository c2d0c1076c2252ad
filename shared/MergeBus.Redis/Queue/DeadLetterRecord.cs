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
    /// Drops <c>encryption.master_key</c> from JSON entries and keeps at most <paramref name="maxEntryChars"/>.
    /// Whatever cannot be parsed (broken JSON, or JSON the DOM refuses, such as a key written twice) is redacted as
    /// text: a dead-list record must never hold a key, whatever made the entry fail.
    /// </summary>
    public static string Sanitize(string entry, int maxEntryChars)
    {
        try
        {
            if (JsonNode.Parse(entry) is JsonObject job)
            {
                if (job["encryption"] is JsonObject encryption)
                    encryption.Remove("master_key");
                // Textual redaction as well: a master_key elsewhere (another nesting, another case) is still a key.
                return Truncate(Redact(job.ToJsonString()), maxEntryChars);
            }
        }
        catch (Exception)
        {
            // Not JSON, or JSON the DOM cannot hold (duplicate keys throw ArgumentException): redact as text.
        }

        return Truncate(Redact(entry), maxEntryChars);
    }

    private static string Redact(string text) => MasterKeyPattern().Replace(text, "\"master_key\":\"<removed>\"");

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

    // Case-insensitive and escape-aware enough for what JSON parsers accept as the same name.
    [GeneratedRegex("\"master_key\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\s]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MasterKeyPattern();
}
