using System.Text.Json;

namespace MergeBus.Media.Speech;

/// <summary>
/// speech.json: <c>[{"participant_id", "identity", "participant_identity", "participant_ids": […], "track_ids": […],
/// "segments": [[start_ms, end_ms], …]}, …]</c>: one entry per person (identity is the unit; a reconnect's fragments
/// are one entry, their speech merged in time order), times in mix milliseconds, end exclusive, people in channel
/// order. <c>participant_id</c> is the person's first one, kept so earlier readers still read the file.
/// </summary>
public static class SpeechIndex
{
    public static void Write(string path, IEnumerable<SpeakerSegments> speakers)
    {
        using var stream = File.Create(path);
        // Compact: an hour-long meeting has thousands of segments, and readers are programs.
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        foreach (var speaker in speakers)
        {
            json.WriteStartObject();
            json.WriteString("participant_id", speaker.ParticipantId);
            json.WriteString("identity", speaker.Identity);
            json.WriteString("participant_identity", speaker.ParticipantIdentity ?? speaker.ParticipantId);
            json.WriteStartArray("participant_ids");
            foreach (var id in speaker.ParticipantIds.Count > 0 ? speaker.ParticipantIds : [speaker.ParticipantId])
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteStartArray("track_ids");
            foreach (var id in speaker.TrackIds.Where(t => t.Length > 0))
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteStartArray("segments");
            foreach (var segment in speaker.Segments)
            {
                json.WriteStartArray();
                json.WriteNumberValue(segment.StartMs);
                json.WriteNumberValue(segment.EndMs);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Reads a speech.json with every field (an older file's entry is its own person).</summary>
    public static List<SpeechIndexEntry> ReadEntries(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateArray().Select(e =>
        {
            var id = e.GetProperty("participant_id").GetString() ?? "";
            return new SpeechIndexEntry(
                id,
                e.GetProperty("identity").GetString() ?? "",
                e.TryGetProperty("participant_identity", out var person) ? person.GetString() ?? id : id,
                e.TryGetProperty("participant_ids", out var ids) ? [.. ids.EnumerateArray().Select(i => i.GetString() ?? "")] : [id],
                e.TryGetProperty("track_ids", out var tracks) ? [.. tracks.EnumerateArray().Select(t => t.GetString() ?? "")] : [],
                [.. e.GetProperty("segments").EnumerateArray().Select(s => (s[0].GetInt64(), s[1].GetInt64()))]);
        })];
    }

    /// <summary>Reads a speech.json (tests, demo, tools).</summary>
    public static List<(string ParticipantId, string Identity, List<(long StartMs, long EndMs)> Segments)> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("participant_id").GetString() ?? "",
            e.GetProperty("identity").GetString() ?? "",
            e.GetProperty("segments").EnumerateArray().Select(s => (s[0].GetInt64(), s[1].GetInt64())).ToList()))];
    }
}
