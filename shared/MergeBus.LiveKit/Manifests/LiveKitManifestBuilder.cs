using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;

namespace MergeBus.LiveKit.Manifests;

/// <summary>
/// Turns a room session into our manifest: one participants[] entry per completed audio file, placed at its
/// <c>file_results[].started_at</c> (the first packet the egress got; <c>"anchor": "egress_started_at"</c>).
/// Failed, aborted, limit-reached and video egresses are listed under <c>livekit</c>, never mixed.
/// </summary>
public static class LiveKitManifestBuilder
{
    public const string ManifestFileName = "manifest.json";

    // Protocol §2 manifest status: the recording side is done, as the fork writes it when it queues the job.
    private const string RecordingStatusComplete = "completed";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The files a manifest of this session would mix: hash these for <see cref="LiveKitManifestOptions.Sha256ByKey"/>.</summary>
    public static IReadOnlyList<EgressFileInfo> MixableFiles(RoomSession session) =>
        session.AudioEgresses.Where(e => e.Complete).SelectMany(e => e.Info.FileResults).ToList();

    /// <exception cref="PermanentMergeException">Nothing to mix, an audio egress not ended, or a file that cannot be placed.</exception>
    public static LiveKitManifest Build(RoomSession session, LiveKitManifestOptions options)
    {
        var audio = session.AudioEgresses;
        var unended = audio.Where(e => !e.Ended).ToList();
        if (unended.Count > 0 && !options.AllowUnended)
            throw new PermanentMergeException(
                $"audio egress(es) not ended: {string.Join(", ", unended.Select(e => $"{RoomSession.Name(e)} {e.Info.Status}"))}");

        var warnings = new List<string>();
        var files = new List<(SessionEgress Egress, EgressFileInfo File, string Key)>();
        foreach (var egress in audio)
        {
            if (!egress.Complete)
            {
                warnings.Add(egress.Ended
                    ? $"egress {RoomSession.Name(egress)} ended {egress.Info.Status}{ErrorSuffix(egress.Info)}: not mixed"
                    : $"egress {RoomSession.Name(egress)} never ended ({egress.Info.Status}): not mixed");
                continue;
            }
            if (egress.Info.FileResults.Count == 0)
                warnings.Add($"egress {RoomSession.Name(egress)} completed without a file: nothing to mix from it");
            foreach (var file in egress.Info.FileResults)
            {
                var key = file.Filename.Trim().TrimStart('/');
                if (key.Length == 0)
                    throw new PermanentMergeException($"egress {RoomSession.Name(egress)} reports a file without a filename");
                if (file.StartedAt <= 0)
                    throw new PermanentMergeException(
                        $"egress {RoomSession.Name(egress)} file {key} has no started_at: it cannot be placed on the timeline");
                files.Add((egress, file, key));
            }
        }
        if (files.Count == 0) throw new PermanentMergeException(RoomSession.NothingToMix(audio));

        foreach (var track in session.NotRecordedTracks)
            warnings.Add(session.EgressStartFailures.TryGetValue(track.Sid, out var why)
                ? $"audio track {track.Sid}{Owner(track.Identity)} was not recorded: its egress did not start ({why})"
                : $"audio track {track.Sid}{Owner(track.Identity)} was not recorded (no egress)");
        foreach (var egress in session.IgnoredEgresses)
            warnings.Add($"egress {egress.EgressId} ignored: {egress.IgnoredBecause}");

        var manifestKey = ManifestKeyFor(session, options, files.Select(f => f.Key).ToList());
        var folder = Folder(manifestKey);
        var participants = new JsonArray();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        // Earliest first, so that entry order follows the timeline (protocol §3 sorts by offset anyway).
        foreach (var (egress, file, key) in files.OrderBy(f => f.File.StartedAt).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            var identity = IdentityOf(egress, file, session);
            if (identity.Length == 0)
                warnings.Add($"no participant identity for track {egress.TrackId}: it stands as a person of its own");
            var sha = options.Sha256ByKey.TryGetValue(key, out var hash) ? hash : null;
            if (sha is null) warnings.Add($"no sha256 for {key}: the merge will refuse it");
            var size = options.SizeByKey.TryGetValue(key, out var measured) ? measured : file.Size;
            participants.Add(Entry(egress, file with { Size = size }, key, folder, identity, UniqueId(egress, usedIds), sha));
        }

        var root = new JsonObject
        {
            ["egress_id"] = files.Select(f => f.Egress.EgressId).Min(StringComparer.Ordinal),
            ["room_id"] = session.RoomSid,
            ["room_name"] = session.RoomName,
            ["session_id"] = session.RoomSid.Length > 0 ? session.RoomSid : NameSanitizer.Sanitize(session.RoomName),
            ["formats"] = new JsonArray(options.Formats.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            ["sample_rate"] = options.SampleRate,
            ["channel_count"] = options.ChannelCount,
            ["started_at"] = files.Min(f => f.File.StartedAt),
            ["ended_at"] = files.Max(f => Math.Max(f.File.EndedAt, f.File.StartedAt)),
            ["participants"] = participants,
            ["status"] = RecordingStatusComplete,
            ["livekit"] = LiveKitSection(session),
        };
        return new LiveKitManifest
        {
            Json = root.ToJsonString(WriteOptions),
            ManifestKey = manifestKey,
            FileKeys = files.Select(f => f.Key).ToList(),
            Warnings = warnings,
        };
    }

    private static JsonObject Entry(SessionEgress egress, EgressFileInfo file, string key, string folder,
        string identity, string participantId, string? sha)
    {
        var durationNs = file.Duration > 0 ? file.Duration : Math.Max(0, file.EndedAt - file.StartedAt);
        var artifact = new JsonObject
        {
            ["format"] = InputFormats.Of(key),
            ["filename"] = Path.GetFileName(key),
            // Relative to the manifest's folder: the merge resolves it inside that folder and nowhere else.
            ["storage_uri"] = folder.Length == 0 ? key : key[(folder.Length + 1)..],
            ["size"] = file.Size,
            ["duration_ms"] = durationNs / 1_000_000,
        };
        if (sha is not null) artifact["sha256"] = sha;
        var entry = new JsonObject
        {
            ["participant_id"] = participantId,
            ["participant_identity"] = identity,
            ["track_id"] = egress.TrackId,
            ["joined_at"] = file.StartedAt,
        };
        if (file.EndedAt > 0) entry["left_at"] = file.EndedAt;
        entry["anchor"] = AlignmentAnchors.EgressStartedAt;
        if (egress.Track?.ParticipantKind is { Length: > 0 } kind) entry["kind"] = kind.ToLowerInvariant();
        entry["artifacts"] = new JsonArray(artifact);
        return entry;
    }

    /// <summary>
    /// participant_id is the participant sid; it must be unique per entry, so a second track (or file) of one
    /// participant gets the track id (and a counter) appended. Without a sid the track id stands in.
    /// </summary>
    private static string UniqueId(SessionEgress egress, HashSet<string> used)
    {
        var baseId = egress.Track?.ParticipantSid is { Length: > 0 } sid ? sid : egress.TrackId;
        if (used.Add(baseId)) return baseId;
        var withTrack = $"{baseId}_{egress.TrackId}";
        if (used.Add(withTrack)) return withTrack;
        for (var n = 2; ; n++)
            if (used.Add($"{withTrack}_{n}")) return $"{withTrack}_{n}";
    }

    private static string IdentityOf(SessionEgress egress, EgressFileInfo file, RoomSession session) =>
        egress.Track?.Identity is { Length: > 0 } identity
            ? identity
            : FilepathTemplate.IdentityFrom(egress.Info.RequestedFilepath, file.Filename, session.RoomName, session.RoomSid, egress.TrackId) ?? "";

    private static JsonObject LiveKitSection(RoomSession session)
    {
        var egresses = new JsonArray();
        foreach (var e in session.Egresses)
        {
            var o = new JsonObject
            {
                ["egress_id"] = e.EgressId,
                ["track_id"] = e.TrackId,
                ["status"] = e.Info.Status,
                ["mixed"] = e.Role == EgressRole.Audio && e.Complete && e.Info.FileResults.Count > 0,
            };
            if (e.Track?.Identity is { Length: > 0 } identity) o["participant_identity"] = identity;
            if (e.Info.Error.Length > 0) o["error"] = e.Info.Error;
            if (e.Role == EgressRole.Ignored) o["ignored"] = e.IgnoredBecause;
            o["files"] = new JsonArray(e.Info.FileResults.Select(f => (JsonNode)JsonValue.Create(f.Filename)!).ToArray());
            egresses.Add(o);
        }
        var notRecorded = new JsonArray();
        foreach (var t in session.NotRecordedTracks)
        {
            var node = TrackNode(t);
            if (session.EgressStartFailures.TryGetValue(t.Sid, out var why)) node["error"] = why;
            notRecorded.Add(node);
        }
        var startFailures = new JsonArray();
        foreach (var (trackId, why) in session.EgressStartFailures)
            startFailures.Add(new JsonObject { ["track_id"] = trackId, ["error"] = why });
        var ignored = new JsonArray();
        foreach (var t in session.IgnoredTracks) ignored.Add(TrackNode(t));
        return new JsonObject
        {
            ["room_sid"] = session.RoomSid,
            ["room_name"] = session.RoomName,
            ["egresses"] = egresses,
            ["not_recorded"] = notRecorded,
            ["ignored"] = ignored,
            ["egress_start_failures"] = startFailures,
        };
    }

    private static JsonObject TrackNode(SessionTrack t) => new()
    {
        ["track_id"] = t.Sid,
        ["type"] = t.Type,
        ["source"] = t.Source,
        ["participant_id"] = t.ParticipantSid,
        ["participant_identity"] = t.Identity,
    };

    private static string ManifestKeyFor(RoomSession session, LiveKitManifestOptions options, IReadOnlyList<string> keys)
    {
        string manifestKey;
        if (string.IsNullOrWhiteSpace(options.ManifestPath))
        {
            var common = CommonFolder(keys);
            manifestKey = common.Length == 0 ? ManifestFileName : $"{common}/{ManifestFileName}";
        }
        else
        {
            manifestKey = options.ManifestPath.Trim()
                .Replace("{room_name}", NameSanitizer.Sanitize(session.RoomName))
                .Replace("{room_id}", NameSanitizer.Sanitize(session.RoomSid))
                .TrimStart('/');
            if (manifestKey.Length == 0 || manifestKey.EndsWith('/')) manifestKey += ManifestFileName;
            var folder = Folder(manifestKey);
            if (folder.Split('/').Contains("..") || keys.Any(k => folder.Length > 0 && !k.StartsWith(folder + "/", StringComparison.Ordinal)))
                throw new PermanentMergeException(
                    $"manifest path {manifestKey} is not a folder holding every recording ({keys[0]}, ...): the merge reads only inside the manifest's folder");
        }
        return manifestKey;
    }

    private static string CommonFolder(IReadOnlyList<string> keys)
    {
        var folders = keys.Select(k => Folder(k).Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var common = new List<string>();
        for (var i = 0; folders.All(f => f.Length > i) && folders.All(f => f[i] == folders[0][i]); i++)
            common.Add(folders[0][i]);
        return string.Join('/', common);
    }

    private static string Folder(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? "" : key[..slash];
    }

    private static string Owner(string identity) => identity.Length > 0 ? $" of {identity}" : "";

    private static string ErrorSuffix(EgressInfo info) => info.Error.Length > 0 ? $" ({info.Error})" : "";
}
