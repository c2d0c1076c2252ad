using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>
/// manifest.json (spec §2). Typed reads of the known fields over the parsed document, which is kept whole
/// so that <see cref="ToJson"/> writes back every field this code does not know about.
/// </summary>
public sealed class Manifest
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        // A duplicated key is ambiguous (which one did the writer mean?), so it is malformed here.
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonObject _root;

    private Manifest(JsonObject root)
    {
        _root = root;
        EgressId = JsonFields.String(root, "egress_id", "") ?? "";
        RoomId = JsonFields.String(root, "room_id", "") ?? "";
        RoomName = JsonFields.String(root, "room_name", "") ?? "";
        SessionId = JsonFields.String(root, "session_id", "") ?? "";
        Formats = JsonFields.Strings(root, "formats", "");
        SampleRate = JsonFields.Int32(root, "sample_rate", "") ?? 0;
        ChannelCount = JsonFields.Int32(root, "channel_count", "") ?? 0;
        Encryption = JsonFields.String(root, "encryption", "");
        StartedAt = JsonFields.Int64(root, "started_at", "") ?? 0;
        EndedAt = JsonFields.Int64(root, "ended_at", "") ?? 0;
        DirectMixPath = JsonFields.String(root, "direct_mix_path", "");
        Status = JsonFields.String(root, "status", "") ?? "";
        Loudness = JsonFields.String(root, "loudness", "");
        Stems = JsonFields.Bool(root, "stems", "") ?? false;
        Error = JsonFields.String(root, "error", "");
        Participants = JsonFields.Objects(root, "participants", "")
            .Select((p, i) => ManifestParticipant.FromJson(p, $"participants[{i}]"))
            .ToList();
        var roomMix = JsonFields.Object(root, "room_mix", "");
        RoomMix = roomMix is null ? null : RoomMix.FromJson(roomMix, "room_mix");
    }

    /// <summary>
    /// A JSON object whose known fields do not all read (a joined_at of 1.5, say): it holds only what recording a
    /// failure needs, the document and any earlier room_mix, so that room_mix can say why the merge failed.
    /// </summary>
    private Manifest(JsonObject root, RoomMix? earlier)
    {
        _root = root;
        EgressId = RoomId = RoomName = SessionId = Status = "";
        Formats = [];
        Participants = [];
        RoomMix = earlier;
    }

    public string EgressId { get; }
    public string RoomId { get; }
    public string RoomName { get; }
    public string SessionId { get; }
    /// <summary>Output formats wanted: ogg_opus, wav_pcm (and MergeBus's mp3, flac).</summary>
    public IReadOnlyList<string> Formats { get; }
    public int SampleRate { get; }
    public int ChannelCount { get; }
    /// <summary>"aes_256" when the files are LKAE-encrypted; null or empty otherwise.</summary>
    public string? Encryption { get; }
    public long StartedAt { get; }
    public long EndedAt { get; }
    public string? DirectMixPath { get; }
    /// <summary>MergeBus addition: "speech" asks for speaker leveling, "off" (or absent) does not.</summary>
    public string? Loudness { get; }
    /// <summary>MergeBus addition: true asks for one aligned mono file per person beside the mix.</summary>
    public bool Stems { get; }
    public string Status { get; private set; }
    public string? Error { get; }
    public IReadOnlyList<ManifestParticipant> Participants { get; }
    public RoomMix? RoomMix { get; private set; }

    public bool IsEncrypted => string.Equals(Encryption, "aes_256", StringComparison.OrdinalIgnoreCase);

    public static Manifest Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
        return FromNode(node);
    }

    public static Manifest Parse(Stream utf8Json) => FromNode(ParseNode(utf8Json));

    private static JsonNode? ParseNode(Stream utf8Json)
    {
        try
        {
            return JsonNode.Parse(utf8Json, documentOptions: ReadOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
    }

    public static async Task<Manifest> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(utf8Json, documentOptions: ReadOptions, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
        return FromNode(node);
    }

    /// <summary>
    /// For recording a failure only: any JSON object reads, even when a known field has the wrong type (that is
    /// then the failure being recorded). A room_mix that does not read either counts as no earlier mix.
    /// </summary>
    public static Manifest ParseForFailure(Stream utf8Json)
    {
        if (ParseNode(utf8Json) is not JsonObject root) throw new PermanentMergeException("manifest is not a JSON object");
        try
        {
            return new Manifest(root);
        }
        catch (PermanentMergeException)
        {
            return new Manifest(root, EarlierRoomMix(root));
        }
    }

    private static RoomMix? EarlierRoomMix(JsonObject root)
    {
        try
        {
            return JsonFields.Object(root, "room_mix", "") is { } roomMix ? RoomMix.FromJson(roomMix, "room_mix") : null;
        }
        catch (PermanentMergeException)
        {
            return null;
        }
    }

    /// <summary>Fills in room_mix; fields of an existing room_mix that this code does not know survive.</summary>
    public void SetRoomMix(RoomMix mix)
    {
        ArgumentNullException.ThrowIfNull(mix);
        if (mix.Status is not (RoomMixStatuses.Completed or RoomMixStatuses.Failed))
            throw new ArgumentException($"room_mix status must be completed or failed, not '{mix.Status}'", nameof(mix));
        var target = _root["room_mix"] as JsonObject ?? new JsonObject();
        mix.WriteInto(target);
        _root["room_mix"] = target;
        RoomMix = mix;
    }

    /// <summary>Sets the top-level status (recording, uploading, merging, completed, failed).</summary>
    public void SetStatus(string status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        _root["status"] = status;
        Status = status;
    }

    /// <summary>The whole document, indented, with every unknown field kept.</summary>
    public string ToJson() => _root.ToJsonString(WriteOptions);

    public override string ToString() => $"Manifest {{ SessionId = {SessionId}, RoomName = {RoomName} }}";

    private static Manifest FromNode(JsonNode? node) =>
        node is JsonObject root
            ? new Manifest(root)
            : throw new PermanentMergeException("manifest is not a JSON object");

    private static PermanentMergeException NotJson(JsonException ex) =>
        new($"manifest is not valid JSON: {JsonErrors.ShortReason(ex)}");
}
