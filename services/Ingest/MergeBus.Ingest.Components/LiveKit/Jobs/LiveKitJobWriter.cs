using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Configuration.LiveKit;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.LiveKit.Manifests;
using MergeBus.LiveKit.Sessions;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Storage.Transfers;

namespace MergeBus.Ingest.Components.LiveKit.Jobs;

/// <summary>
/// A ready room becomes a job of today's pipeline: its manifest (our format) written to the recordings store, one
/// entry pushed onto the egress queue, the room record closed as queued. Each step is safe to repeat: the push
/// happens once per room (a marker set in the same script), and once pushed the manifest is never written again,
/// so a merged manifest is never overwritten.
/// </summary>
public sealed class LiveKitJobWriter(LiveKitRoomStore rooms, MergeStores stores, LiveKitSettings settings,
    IJobStatusStore statuses, IngestOptions ingest, TimeProvider clock)
{
    /// <summary>Writes the manifest and pushes the job; returns the job id.</summary>
    /// <exception cref="PermanentMergeException">Nothing mixable, a file missing from storage, a manifest key already taken.</exception>
    public async Task<string> QueueAsync(string roomSid, RoomSession session, CancellationToken cancellationToken)
    {
        var jobId = LiveKitJobIds.For(roomSid);
        // Built once before hashing: a room with nothing to mix fails without a file being read.
        LiveKitManifestBuilder.Build(session, new LiveKitManifestOptions { ManifestPath = settings.ManifestPath });
        var hashes = await ManifestDigests.HashAsync(session, stores.Recordings, cancellationToken);
        var built = LiveKitManifestBuilder.Build(session,
            new LiveKitManifestOptions { ManifestPath = settings.ManifestPath, Sha256ByKey = hashes });
        await RefuseForeignManifestAsync(built.ManifestKey, roomSid, cancellationToken);
        await stores.Recordings.PutAsync(built.ManifestKey, new MemoryStream(Encoding.UTF8.GetBytes(built.Json)), cancellationToken);

        var now = clock.GetUtcNow();
        var entry = JobJson.Serialize(new MergeJob
        {
            Id = jobId, ManifestPath = built.ManifestKey, SessionId = roomSid, Status = JobStatuses.Pending,
            CreatedAt = now.ToUnixTimeMilliseconds() * 1_000_000,
        });
        await rooms.PushOnceAsync(roomSid, entry, ingest.SagaRetention, cancellationToken);
        await rooms.CloseAsync(roomSid, LiveKitRoomStates.Queued, new Dictionary<string, string>
        {
            ["job_id"] = jobId,
            ["manifest"] = built.ManifestKey,
            ["warnings"] = JsonSerializer.Serialize(built.Warnings),
            ["updated_at"] = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ingest.SagaRetention, cancellationToken);
        return jobId;
    }

    /// <summary>The room's job was pushed by an earlier pass that died before closing the room: close it now.</summary>
    public Task CloseQueuedAsync(string roomSid, CancellationToken cancellationToken) =>
        rooms.CloseAsync(roomSid, LiveKitRoomStates.Queued, new Dictionary<string, string> { ["job_id"] = LiveKitJobIds.For(roomSid) },
            ingest.SagaRetention, cancellationToken);

    /// <summary>
    /// Fails the room for good: the reason goes into the room record and into its job's status key (where operators
    /// read jobs, spec §1), so support finds it under the job id the room would have had.
    /// </summary>
    public async Task FailAsync(string roomSid, string reason, CancellationToken cancellationToken)
    {
        var jobId = LiveKitJobIds.For(roomSid);
        var now = clock.GetUtcNow();
        var closed = await rooms.CloseAsync(roomSid, LiveKitRoomStates.Failed, new Dictionary<string, string>
        {
            ["reason"] = reason,
            ["job_id"] = jobId,
            ["updated_at"] = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ingest.SagaRetention, cancellationToken);
        if (closed) await WriteFailedStatusAsync(roomSid, reason, cancellationToken);
    }

    /// <summary>The status key of the room's job (spec §1) says failed, with the reason.</summary>
    public async Task WriteFailedStatusAsync(string roomSid, string reason, CancellationToken cancellationToken)
    {
        var jobId = LiveKitJobIds.For(roomSid);
        var ns = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        await statuses.SetAsync(new MergeJob
        {
            Id = jobId, SessionId = roomSid, Status = JobStatuses.Failed, Error = reason, CreatedAt = ns, CompletedAt = ns,
            WorkerId = ingest.WorkerId,
        }, cancellationToken);
    }

    /// <summary>
    /// An object at the manifest key that is not this room's unmerged manifest (the fork's manifest, a merged one, another
    /// room's) is never overwritten.
    /// </summary>
    private async Task RefuseForeignManifestAsync(string key, string roomSid, CancellationToken cancellationToken)
    {
        if (await stores.Recordings.StatAsync(key, cancellationToken) is null) return;
        JsonNode? existing;
        try
        {
            await using var stream = await stores.Recordings.OpenReadAsync(key, cancellationToken);
            existing = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            existing = null;
        }
        var ours = (string?)existing?["livekit"]?["room_sid"] == roomSid && existing?["room_mix"] is null;
        if (!ours) throw new PermanentMergeException($"{key} already holds another manifest; it is not overwritten");
    }
}
