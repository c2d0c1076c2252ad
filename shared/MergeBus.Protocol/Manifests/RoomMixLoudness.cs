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
