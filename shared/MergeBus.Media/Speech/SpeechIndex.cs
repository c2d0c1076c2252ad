using System.Text.Json;

namespace MergeBus.Media.Speech;

/// <summary>
/// speech.json: <c>[{"participant_id", "identity", "segments": [[start_ms, end_ms], …]}, …]</c>, times in mix
/// milliseconds, end exclusive, participants in the mix's input order.
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
