using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;

namespace MergeBus.LiveKit.Tests.Sessions;

public class RoomSessionTests
{
    /// <summary>What a fold ended with, in a comparable form.</summary>
    private static string Snapshot(RoomSession s) => string.Join("\n",
        [
            $"{s.RoomSid} {s.RoomName} {s.FinishedAt?.ToUnixTimeSeconds()} {s.EventCount}",
            .. s.Tracks.Values.OrderBy(t => t.Sid).Select(t => $"{t.Sid} {t.ParticipantSid} {t.Identity} {t.Type}"),
            .. s.Egresses.Select(e => $"{e.EgressId} {e.TrackId} {e.Info.Status} {e.Role} {e.Info.FileResults.Count}"),
        ]);

    [Fact]
    public async Task Folding_LiveKits_events_knows_every_track_egress_and_the_room_end()
    {
        var session = RoomSession.Fold(await StandupEvents.ParsedAsync());

        Assert.Equal((StandupRoom.RoomSid, StandupRoom.RoomName), (session.RoomSid, session.RoomName));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(StandupRoom.FinishedAt), session.FinishedAt);
        Assert.Equal(6, session.Tracks.Count);
        Assert.Equal("alice", session.Tracks["TR_alice2"].Identity);
        Assert.Equal(["EG_alice1", "EG_alice2", "EG_bobmic", "EG_dave"], session.AudioEgresses.Select(e => e.EgressId));
        Assert.Equal(EgressStatuses.Failed, session.Egresses.Single(e => e.EgressId == "EG_dave").Info.Status);
    }

    [Fact]
    public async Task Shuffled_and_repeated_events_fold_to_the_same_session_as_LiveKits_order()
    {
        var events = await StandupEvents.ParsedAsync();
        var expected = Snapshot(RoomSession.Fold(events));

        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var shuffled = events.Concat(events.Where((_, i) => i % 3 == 0)).OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, Snapshot(RoomSession.Fold(shuffled)));
        }
    }

    [Fact]
    public async Task A_repeated_event_id_changes_nothing_and_is_counted_as_a_repeat()
    {
        var events = await StandupEvents.ParsedAsync();
        var session = RoomSession.Fold(events);
        var before = Snapshot(session);

        var applied = session.Apply(events[0]);

        Assert.False(applied);
        Assert.Equal(before, Snapshot(session));
        Assert.Equal(1, session.RepeatCount);
    }

    [Fact]
    public async Task An_egress_update_arriving_after_its_end_does_not_undo_the_end()
    {
        var events = await StandupEvents.ParsedAsync();
        var ended = events.Single(e => e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_bobmic");
        var updated = events.Single(e => e.Event == WebhookEventNames.EgressUpdated && e.EgressInfo!.EgressId == "EG_bobmic");

        var session = RoomSession.Fold([ended, updated]);

        var egress = Assert.Single(session.Egresses);
        Assert.Equal(EgressStatuses.Complete, egress.Info.Status);
        Assert.Single(egress.Info.FileResults);
    }

    [Fact]
    public async Task An_egress_ended_before_its_track_was_published_still_learns_whose_track_it_was()
    {
        var events = await StandupEvents.ParsedAsync();
        var ended = events.Single(e => e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_alice2");
        var published = events.Single(e => e.Event == WebhookEventNames.TrackPublished && e.Track!.Sid == "TR_alice2");

        var session = RoomSession.Fold([ended, published]);

        Assert.Equal(("alice", "PA_alice2"), (session.AudioEgresses[0].Track!.Identity, session.AudioEgresses[0].Track!.ParticipantSid));
    }

    [Fact]
    public async Task A_video_tracks_egress_is_ignored_and_listed()
    {
        var session = RoomSession.Fold(await StandupEvents.ParsedAsync());

        var ignored = Assert.Single(session.IgnoredEgresses);
        Assert.Equal(("EG_bobcam", "video track TR_bobcam"), (ignored.EgressId, ignored.IgnoredBecause));
        Assert.Equal(["TR_bobcam"], session.IgnoredTracks.Select(t => t.Sid));
    }

    [Fact]
    public async Task An_egress_of_a_track_never_published_in_an_event_is_ignored_when_its_file_is_video()
    {
        var events = (await StandupEvents.ParsedAsync()).Where(e => e.Track?.Sid != "TR_bobcam").ToList();

        var session = RoomSession.Fold(events);

        Assert.Contains(session.IgnoredEgresses, e => e.EgressId == "EG_bobcam");
        Assert.DoesNotContain(session.AudioEgresses, e => e.EgressId == "EG_bobcam");
    }

    [Fact]
    public async Task An_audio_track_no_egress_recorded_is_listed_as_not_recorded()
    {
        var session = RoomSession.Fold(await StandupEvents.ParsedAsync());

        Assert.Equal(["TR_carol"], session.NotRecordedTracks.Select(t => t.Sid));
    }

    [Fact]
    public async Task An_auto_track_egress_that_could_not_start_says_why_its_track_was_not_recorded()
    {
        var room = StandupRoom.Describe();
        room["egresses"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["egress_id"] = "", ["track"] = "TR_carol", ["start_failed"] = true, ["error"] = "no egress workers available",
            ["started_at"] = ((StandupRoom.T0 + 3) * StandupRoom.Ns).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var events = (await MergeBus.Testing.LiveKit.LiveKitJs.EventsAsync(room)).Select(e => LiveKitJson.ParseEvent(e.BodyBytes)).ToList();

        var session = RoomSession.Fold(events);

        Assert.Equal("no egress workers available", session.EgressStartFailures["TR_carol"]);
        Assert.Equal(["TR_carol"], session.NotRecordedTracks.Select(t => t.Sid));
        Assert.DoesNotContain(session.Egresses, e => e.EgressId.Length == 0);
    }

    [Fact]
    public async Task An_event_of_another_room_changes_nothing()
    {
        var events = await StandupEvents.ParsedAsync();
        var session = RoomSession.Fold(events);
        var before = Snapshot(session);
        var stranger = events[0] with { Id = "EV_other", Room = new RoomInfo { Sid = "RM_other", Name = "other" } };

        Assert.False(session.Apply(stranger));
        Assert.Equal(before, Snapshot(session));
    }
}
