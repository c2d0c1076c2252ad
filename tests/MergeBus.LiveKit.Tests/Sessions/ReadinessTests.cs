using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;

namespace MergeBus.LiveKit.Tests.Sessions;

public class ReadinessTests
{
    private static readonly TimeSpan SettleMin = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SettleAfter = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Finished = DateTimeOffset.FromUnixTimeSeconds(StandupRoom.FinishedAt);

    private static async Task<RoomSession> SessionWithout(Func<WebhookEvent, bool> dropped) =>
        RoomSession.Fold((await StandupEvents.ParsedAsync()).Where(e => !dropped(e)));

    private static bool EndOf(WebhookEvent e, string egressId) =>
        e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == egressId;

    [Fact]
    public async Task A_room_without_room_finished_is_open()
    {
        var session = await SessionWithout(e => e.Event == WebhookEventNames.RoomFinished);

        Assert.Equal(SessionState.Open, session.Evaluate(Finished + TimeSpan.FromHours(1), SettleMin, SettleAfter).State);
    }

    [Fact]
    public async Task A_finished_room_settles_until_settle_min_even_with_every_egress_ended()
    {
        var session = await SessionWithout(_ => false);

        var readiness = session.Evaluate(Finished + SettleMin - TimeSpan.FromSeconds(1), SettleMin, SettleAfter);

        Assert.Equal(SessionState.Settling, readiness.State);
        Assert.Equal(Finished + SettleMin, readiness.RecheckAt);
    }

    [Fact]
    public async Task A_finished_room_with_every_audio_egress_ended_is_ready_at_settle_min()
    {
        var session = await SessionWithout(_ => false);

        Assert.Equal(SessionState.Ready, session.Evaluate(Finished + SettleMin, SettleMin, SettleAfter).State);
    }

    [Fact]
    public async Task An_audio_egress_not_ended_keeps_the_session_settling_until_settle_after()
    {
        var session = await SessionWithout(e => EndOf(e, "EG_alice2"));

        var readiness = session.Evaluate(Finished + SettleAfter - TimeSpan.FromSeconds(1), SettleMin, SettleAfter);

        Assert.Equal(SessionState.Settling, readiness.State);
        Assert.Equal(["EG_alice2"], readiness.PendingEgressIds);
        Assert.Equal(Finished + SettleAfter, readiness.RecheckAt);
    }

    [Fact]
    public async Task An_audio_egress_not_ended_by_settle_after_needs_a_lookup_naming_it()
    {
        var session = await SessionWithout(e => EndOf(e, "EG_alice2"));

        var readiness = session.Evaluate(Finished + SettleAfter, SettleMin, SettleAfter);

        Assert.Equal(SessionState.NeedsLookup, readiness.State);
        Assert.Equal(["EG_alice2"], readiness.PendingEgressIds);
    }

    [Fact]
    public async Task A_lookup_that_finds_the_egress_ended_makes_the_session_ready()
    {
        var events = await StandupEvents.ParsedAsync();
        var session = RoomSession.Fold(events.Where(e => !EndOf(e, "EG_alice2")));

        session.ApplyLookup([events.Single(e => EndOf(e, "EG_alice2")).EgressInfo!]);

        Assert.Equal(SessionState.Ready, session.Evaluate(Finished + SettleAfter, SettleMin, SettleAfter).State);
    }

    [Fact]
    public async Task A_lookup_that_still_finds_the_egress_running_fails_the_session_naming_it()
    {
        var events = await StandupEvents.ParsedAsync();
        var session = RoomSession.Fold(events.Where(e => !EndOf(e, "EG_alice2")));

        session.ApplyLookup([events.Single(e => e.Event == WebhookEventNames.EgressUpdated && e.EgressInfo!.EgressId == "EG_alice2").EgressInfo!]);
        var readiness = session.Evaluate(Finished + SettleAfter, SettleMin, SettleAfter);

        Assert.Equal(SessionState.Failed, readiness.State);
        Assert.Contains("EG_alice2 (track TR_alice2 of alice)", readiness.Reason);
    }

    [Fact]
    public async Task A_video_egress_not_ended_is_not_waited_for()
    {
        var session = await SessionWithout(e => EndOf(e, "EG_bobcam"));

        Assert.Equal(SessionState.Ready, session.Evaluate(Finished + SettleMin, SettleMin, SettleAfter).State);
    }

    [Fact]
    public async Task A_room_whose_audio_egresses_all_failed_fails_with_a_reason_naming_them()
    {
        var session = await SessionWithout(e => e.EgressInfo is { } info && info.EgressId != "EG_dave" && info.EgressId != "EG_bobcam");

        var readiness = session.Evaluate(Finished + SettleMin, SettleMin, SettleAfter);

        Assert.Equal(SessionState.Failed, readiness.State);
        Assert.Equal("no audio track egress completed with a file: EG_dave (track TR_dave of dave) EGRESS_FAILED", readiness.Reason);
    }
}
