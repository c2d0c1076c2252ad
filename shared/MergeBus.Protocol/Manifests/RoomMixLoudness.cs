using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>
/// room_mix.loudness (MergeBus addition): {mode, target_lufs, max_gain_db, participants: [{participant_id,
/// identity, speech_lufs, gain_db, true_peak_dbtp?, speech_ms}]}. speech_lufs is null for a participant who never spoke.
/// </summary>
public sealed record RoomMixLoudness
{
    public string Mode { get; init; } = "";
    public double TargetLufs { get; init; }
    public double MaxGainDb { get; init; }
    public IReadOnlyList<RoomMixParticipantLoudness> Participants { get; init; } = [];

    internal static RoomMixLoudness FromJson(JsonObject o, string path) => new()
    {
        Mode = JsonFields.String(o, "mode", path) ?? "",
        TargetLufs = JsonFields.Double(o, "target_lufs", path) ?? 0,
        MaxGainDb = JsonFields.Double(o, "max_gain_db", path) ?? 0,
        Participants = JsonFields.Objects(o, "participants", path)
            .Select((p, i) => RoomMixParticipantLoudness.FromJson(p, $"{JsonFields.Join(path, "participants")}[{i}]"))
            .ToList(),
    };

    internal JsonObject ToJson() => new()
    {
        ["mode"] = Mode,
        ["target_lufs"] = TargetLufs,
        ["max_gain_db"] = MaxGainDb,
        ["participants"] = new JsonArray(Participants.Select(p => (JsonNode?)p.ToJson()).ToArray()),
    };
}

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
