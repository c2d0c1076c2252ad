using System.Globalization;
using System.Text;
using MergeBus.Configuration.LiveKit;
using MergeBus.Ingest.Components.LiveKit.Jobs;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.Ingest.Components.LiveKit.Twirp;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.LiveKit.Settling;

/// <summary>
/// One settle pass over one open room (the caller holds its claim): fold its events, evaluate readiness, look
/// egresses up when settle_after has passed, then queue its job or fail it with a reason naming what is missing.
/// It never merges half a room: a room is queued only when the session says Ready.
/// </summary>
public sealed class LiveKitRoomSettlement(LiveKitRoomStore rooms, LiveKitJobWriter jobs, ILiveKitEgressLookup lookup,
    LiveKitSettings settings, TimeProvider clock, ILogger<LiveKitRoomSettlement> logger)
{
    /// <summary>A room that never got room_finished (LiveKit drops webhooks when its queue is full) fails this long after its last event.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromHours(24);

    /// <summary>ListEgress is tried this many times (one a pass) before the room fails.</summary>
    public const int MaxLookupFailures = 3;

    public async Task SettleAsync(string roomSid, CancellationToken cancellationToken)
    {
        var record = await rooms.GetAsync(roomSid, cancellationToken);
        if (record?.State != LiveKitRoomStates.Open) return;
        if (await rooms.IsPushedAsync(roomSid, cancellationToken))
        {
            await jobs.CloseQueuedAsync(roomSid, cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        if (!record.Finished)
        {
            // Nothing to fold before room_finished: a long room's events are read once, when it can be settled.
            if (record.LastEventAt is { } last && now - last > IdleLimit)
                await FailAsync(roomSid, $"room {roomSid}: no room_finished arrived within {IdleLimit.TotalHours:0} h of its last webhook", cancellationToken);
            return;
        }
        var session = await FoldAsync(roomSid, cancellationToken);
        var readiness = session.Evaluate(now, settings.SettleMin, settings.SettleAfter);
        if (readiness.State == SessionState.NeedsLookup && record.LookedUpAt is null)
        {
            if (!await LookUpAsync(roomSid, record, session, cancellationToken)) return;
            session = await FoldAsync(roomSid, cancellationToken);
            readiness = session.Evaluate(now, settings.SettleMin, settings.SettleAfter);
        }

        switch (readiness.State)
        {
            case SessionState.NeedsLookup:
                await FailAsync(roomSid,
                    $"room {roomSid}: egress {string.Join(", ", readiness.PendingEgressIds)} had not ended {settings.SettleAfter.TotalSeconds:0.###} s after room_finished, and ListEgress did not show it ended; the room is not merged without its files",
                    cancellationToken);
                break;
            case SessionState.Failed:
                await FailAsync(roomSid, readiness.Reason, cancellationToken);
                break;
            case SessionState.Ready:
                await QueueAsync(roomSid, session, cancellationToken);
                break;
        }
    }

    private async Task<RoomSession> FoldAsync(string roomSid, CancellationToken cancellationToken)
    {
        // Every stored event was parsed when it came in; a parse here cannot fail on its input.
        var events = await rooms.EventsAsync(roomSid, cancellationToken);
        var session = RoomSession.Fold(events.Select(e => LiveKitJson.ParseEvent(e)));
        if (await rooms.GetFieldAsync(roomSid, LiveKitRoomStore.LookupField, cancellationToken) is { Length: > 0 } answer)
            session.ApplyLookup(LiveKitJson.ParseEgressList(Encoding.UTF8.GetBytes(answer)));
        return session;
    }

    /// <summary>Asks ListEgress and keeps the answer in the room record; false when it failed (tried again next pass).</summary>
    private async Task<bool> LookUpAsync(string roomSid, LiveKitRoomRecord record, RoomSession session, CancellationToken cancellationToken)
    {
        var roomName = session.RoomName is { Length: > 0 } name ? name : record.RoomName;
        try
        {
            var egresses = await lookup.ListEgressAsync(roomName, cancellationToken);
            await rooms.SetFieldsAsync(roomSid, new Dictionary<string, string>
            {
                // Kept as MergeBus reads it: the answer's requests can carry storage credentials.
                [LiveKitRoomStore.LookupField] = LiveKitJson.WriteEgressList(egresses),
                [LiveKitRoomStore.LookedUpAtField] = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
            logger.LogInformation("LiveKit room {RoomSid}: egresses looked up with ListEgress", roomSid);
            return true;
        }
        catch (LiveKitLookupException e)
        {
            var failures = int.TryParse(await rooms.GetFieldAsync(roomSid, LiveKitRoomStore.LookupFailuresField, cancellationToken),
                CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
            if (failures >= MaxLookupFailures)
            {
                await FailAsync(roomSid, $"room {roomSid}: egresses not ended and ListEgress failed {failures} times: {e.Message}", cancellationToken);
                return false;
            }
            await rooms.SetFieldsAsync(roomSid, new Dictionary<string, string>
            {
                [LiveKitRoomStore.LookupFailuresField] = failures.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
            logger.LogWarning("LiveKit room {RoomSid}: ListEgress failed ({Failures} of {Max}): {Reason}", roomSid, failures, MaxLookupFailures, e.Message);
            return false;
        }
    }

    private async Task QueueAsync(string roomSid, RoomSession session, CancellationToken cancellationToken)
    {
        try
        {
            var jobId = await jobs.QueueAsync(roomSid, session, cancellationToken);
            logger.LogInformation("LiveKit room {RoomSid}: job {JobId} queued", roomSid, jobId);
        }
        catch (PermanentMergeException bad)
        {
            await FailAsync(roomSid, $"room {roomSid}: {bad.Message}", cancellationToken);
        }
    }

    private async Task FailAsync(string roomSid, string reason, CancellationToken cancellationToken)
    {
        await jobs.FailAsync(roomSid, reason, cancellationToken);
        logger.LogWarning("LiveKit room {RoomSid} failed: {Reason}", roomSid, reason);
    }
}
