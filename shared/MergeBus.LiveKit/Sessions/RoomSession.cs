using MergeBus.LiveKit.Wire;

namespace MergeBus.LiveKit.Sessions;

/// <summary>
/// Everything known about one LiveKit room, folded from its webhook events (and ListEgress answers). Events may
/// come in any order, repeated or not at all: every fold is a merge that ends the same whatever the order, and an
/// event id seen before changes nothing.
/// </summary>
public sealed class RoomSession
{
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionTrack> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EgressInfo> _egresses = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _startFailures = new(StringComparer.Ordinal);

    public string RoomSid { get; private set; } = "";
    public string RoomName { get; private set; } = "";
    /// <summary>When LiveKit says the room finished (room_finished's created_at); null until it has.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>Distinct events applied (events without an id each count).</summary>
    public int EventCount { get; private set; }
    /// <summary>Events whose id had been applied before.</summary>
    public int RepeatCount { get; private set; }
    /// <summary>Whether a ListEgress answer has been applied.</summary>
    public bool LookedUp { get; private set; }

    /// <summary>Tracks by sid, audio and video.</summary>
    public IReadOnlyDictionary<string, SessionTrack> Tracks => _tracks;

    /// <summary>Every egress of the room by id, audio or not, each with its role.</summary>
    public IReadOnlyList<SessionEgress> Egresses =>
        _egresses.Values.OrderBy(e => e.EgressId, StringComparer.Ordinal).Select(Describe).ToList();

    public IReadOnlyList<SessionEgress> AudioEgresses => Egresses.Where(e => e.Role == EgressRole.Audio).ToList();
    public IReadOnlyList<SessionEgress> IgnoredEgresses => Egresses.Where(e => e.Role == EgressRole.Ignored).ToList();

    /// <summary>Audio tracks no egress recorded: a warning, never waited for.</summary>
    public IReadOnlyList<SessionTrack> NotRecordedTracks
    {
        get
        {
            var recorded = _egresses.Values.Select(e => e.TrackId).ToHashSet(StringComparer.Ordinal);
            return _tracks.Values.Where(t => t.IsAudio && !recorded.Contains(t.Sid))
                .OrderBy(t => t.Sid, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Track egresses LiveKit could not start (an egress_ended FAILED without an egress id, as the server sends for
    /// a failed auto track egress), by track id: the error says why the track was not recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> EgressStartFailures => _startFailures;

    /// <summary>Video (and data) tracks: listed, never mixed.</summary>
    public IReadOnlyList<SessionTrack> IgnoredTracks =>
        _tracks.Values.Where(t => !t.IsAudio).OrderBy(t => t.Sid, StringComparer.Ordinal).ToList();

    public static RoomSession Fold(IEnumerable<WebhookEvent> events)
    {
        var session = new RoomSession();
        foreach (var e in events) session.Apply(e);
        return session;
    }

    /// <summary>Applies one event. False when it was a repeat (same id) or belongs to another room: nothing changed.</summary>
    /// <param name="receivedAt">Stands in for a room_finished without created_at.</param>
    public bool Apply(WebhookEvent e, DateTimeOffset? receivedAt = null)
    {
        if (!BelongsHere(e.RoomSid)) return false;
        if (e.Id.Length > 0 && !_eventIds.Add(e.Id))
        {
            RepeatCount++;
            return false;
        }
        EventCount++;
        Learn(e.RoomSid, e.RoomName);

        if (e.Track is { Sid.Length: > 0 } track)
            AddTrack(new SessionTrack
            {
                Sid = track.Sid,
                ParticipantSid = e.Participant?.Sid ?? "",
                Identity = e.Participant?.Identity ?? "",
                ParticipantKind = e.Participant?.Kind ?? "",
                Type = track.Type,
                Source = track.Source,
                Name = track.Name,
                MimeType = track.MimeType,
            });

        if (e.EgressInfo is { EgressId.Length: > 0 } egress) AddEgress(egress);
        else if (e.EgressInfo is { TrackId.Length: > 0 } unstarted && EgressStatuses.IsEnded(unstarted.Status))
            _startFailures[unstarted.TrackId] = unstarted.Error.Length > 0 ? unstarted.Error : unstarted.Status;

        if (e.Event == WebhookEventNames.RoomFinished)
        {
            var at = e.CreatedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(e.CreatedAt) : receivedAt ?? DateTimeOffset.UnixEpoch;
            // Several room_finished ids for one sid would be odd; the earliest is the one settle time counts from.
            if (FinishedAt is null || at < FinishedAt) FinishedAt = at;
        }
        return true;
    }

    /// <summary>Applies a ListEgress answer: each egress of this room merges as an event would.</summary>
    public void ApplyLookup(IEnumerable<EgressInfo> egresses)
    {
        foreach (var egress in egresses)
        {
            if (egress.EgressId.Length == 0 || !BelongsHere(egress.RoomId)) continue;
            Learn(egress.RoomId, egress.RoomName);
            AddEgress(egress);
        }
        LookedUp = true;
    }

    /// <summary>Adds what another source (the CLI's --tracks file) knows about a track.</summary>
    public void AddTrack(SessionTrack track)
    {
        _tracks[track.Sid] = _tracks.TryGetValue(track.Sid, out var known) ? known.Merge(track) : track;
    }

    /// <summary>
    /// Ready when room_finished has arrived, <paramref name="settleMin"/> has passed since and every audio egress
    /// has ended. Past <paramref name="settleAfter"/> the egresses still running are looked up once; still not
    /// ended after that, the session fails naming them.
    /// </summary>
    public SessionReadiness Evaluate(DateTimeOffset now, TimeSpan settleMin, TimeSpan settleAfter)
    {
        if (FinishedAt is not { } finished)
            return new SessionReadiness { State = SessionState.Open, Reason = "room_finished has not arrived" };

        var audio = AudioEgresses;
        var pending = audio.Where(e => !e.Ended).ToList();
        var pendingIds = pending.Select(e => e.EgressId).ToList();
        var minAt = finished + settleMin;
        var maxAt = finished + (settleAfter > settleMin ? settleAfter : settleMin);

        if (now < minAt)
            return new SessionReadiness
            {
                State = SessionState.Settling, PendingEgressIds = pendingIds, RecheckAt = minAt,
                Reason = $"settling until {settleMin} after room_finished",
            };
        if (pending.Count == 0)
            return audio.Any(e => e.Complete && e.Info.FileResults.Count > 0)
                ? new SessionReadiness { State = SessionState.Ready }
                : new SessionReadiness { State = SessionState.Failed, Reason = NothingToMix(audio) };
        if (now < maxAt)
            return new SessionReadiness
            {
                State = SessionState.Settling, PendingEgressIds = pendingIds, RecheckAt = maxAt,
                Reason = $"waiting for {pending.Count} audio egress(es) to end: {string.Join(", ", pendingIds)}",
            };
        if (!LookedUp)
            return new SessionReadiness
            {
                State = SessionState.NeedsLookup, PendingEgressIds = pendingIds,
                Reason = $"{pending.Count} audio egress(es) not ended {settleAfter} after room_finished: {string.Join(", ", pendingIds)}",
            };
        return new SessionReadiness
        {
            State = SessionState.Failed, PendingEgressIds = pendingIds,
            Reason = $"audio egress(es) never ended, even by ListEgress: {string.Join(", ", pending.Select(Name))}",
        };
    }

    /// <summary>"EG_x (track TR_y of alice)": how a reason names an egress.</summary>
    public static string Name(SessionEgress e)
    {
        var owner = e.Track?.Identity is { Length: > 0 } identity ? $" of {identity}" : "";
        return e.TrackId.Length > 0 ? $"{e.EgressId} (track {e.TrackId}{owner})" : e.EgressId;
    }

    internal static string NothingToMix(IReadOnlyList<SessionEgress> audio) =>
        audio.Count == 0
            ? "no audio track egress in the room: nothing to mix"
            : $"no audio track egress completed with a file: {string.Join(", ", audio.Select(e => $"{Name(e)} {e.Info.Status}"))}";

    private bool BelongsHere(string roomSid) => RoomSid.Length == 0 || roomSid.Length == 0 || roomSid == RoomSid;

    private void Learn(string roomSid, string roomName)
    {
        if (RoomSid.Length == 0) RoomSid = roomSid;
        if (RoomName.Length == 0) RoomName = roomName;
    }

    private void AddEgress(EgressInfo egress)
    {
        _egresses[egress.EgressId] = _egresses.TryGetValue(egress.EgressId, out var known)
            ? MoreAdvanced(known, egress)
            : egress;
    }

    /// <summary>The most advanced report wins whatever the order; fields only one report has are kept.</summary>
    private static EgressInfo MoreAdvanced(EgressInfo a, EgressInfo b)
    {
        var winner = Compare(a, b) >= 0 ? a : b;
        var other = ReferenceEquals(winner, a) ? b : a;
        return winner with
        {
            TrackId = winner.TrackId.Length > 0 ? winner.TrackId : other.TrackId,
            RequestedFilepath = winner.RequestedFilepath.Length > 0 ? winner.RequestedFilepath : other.RequestedFilepath,
            RoomName = winner.RoomName.Length > 0 ? winner.RoomName : other.RoomName,
            RoomId = winner.RoomId.Length > 0 ? winner.RoomId : other.RoomId,
        };
    }

    private static int Compare(EgressInfo a, EgressInfo b)
    {
        var c = EgressStatuses.Rank(a.Status).CompareTo(EgressStatuses.Rank(b.Status));
        if (c == 0) c = a.UpdatedAt.CompareTo(b.UpdatedAt);
        if (c == 0) c = a.FileResults.Count.CompareTo(b.FileResults.Count);
        if (c == 0) c = a.EndedAt.CompareTo(b.EndedAt);
        if (c == 0) c = string.CompareOrdinal(b.Status, a.Status);
        return c;
    }

    private SessionEgress Describe(EgressInfo info)
    {
        var track = info.TrackId.Length > 0 && _tracks.TryGetValue(info.TrackId, out var t) ? t : null;
        string ignored;
        if (info.TrackId.Length == 0) ignored = "not a track egress";
        else if (track is not null) ignored = track.IsAudio ? "" : $"{track.Type.ToLowerInvariant()} track {track.Sid}";
        else if (info.FileResults.Any(f => FileKinds.LooksLikeVideo(f.Filename)) || FileKinds.LooksLikeVideo(info.RequestedFilepath))
            ignored = $"track {info.TrackId} was never published in an event and its file is video";
        else ignored = "";
        return new SessionEgress
        {
            Info = info,
            Track = track,
            Role = ignored.Length == 0 ? EgressRole.Audio : EgressRole.Ignored,
            IgnoredBecause = ignored,
        };
    }
}
