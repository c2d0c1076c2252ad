using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

public sealed record RoomMixParticipantLoudness
{
    public string ParticipantId { get; init; } = "";
    public string Identity { get; init; } = "";
    public double? SpeechLufs { get; init; }
    public double GainDb { get; init; }
    public double? TruePeakDbtp { get; init; }
    public long SpeechMs { get; init; }

    internal static RoomMixParticipantLoudness FromJson(JsonObject o, string path) => new()
    {
        ParticipantId = JsonFields.String(o, "participant_id", path) ?? "",
        Identity = JsonFields.String(o, "identity", path) ?? "",
        SpeechLufs = JsonFields.Double(o, "speech_lufs", path),
        GainDb = JsonFields.Double(o, "gain_db", path) ?? 0,
        TruePeakDbtp = JsonFields.Double(o, "true_peak_dbtp", path),
        SpeechMs = JsonFields.Int64(o, "speech_ms", path) ?? 0,
    };

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["participant_id"] = ParticipantId,
            ["identity"] = Identity,
            ["speech_lufs"] = SpeechLufs is { } lufs ? JsonValue.Create(lufs) : null,
            ["gain_db"] = GainDb,
        };
        if (TruePeakDbtp is { } peak)
        {
            json["true_peak_dbtp"] = peak;
        }

        json["speech_ms"] = SpeechMs;
        return json;
    }
}
