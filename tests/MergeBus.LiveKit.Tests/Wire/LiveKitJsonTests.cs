using System.Text;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Wire;

public class LiveKitJsonTests
{
    [Fact]
    public async Task A_track_published_event_made_by_LiveKit_reads_its_participant_and_track()
    {
        var events = await StandupEvents.ParsedAsync();
        var published = events.Single(e => e.Event == WebhookEventNames.TrackPublished && e.Track!.Sid == "TR_bobmic");

        Assert.StartsWith("EV_", published.Id);
        Assert.Equal(StandupRoom.T0 + 1, published.CreatedAt);
        Assert.Equal(StandupRoom.RoomSid, published.RoomSid);
        Assert.Equal(StandupRoom.RoomName, published.RoomName);
        Assert.Equal(("PA_bob", "bob", "AGENT"), (published.Participant!.Sid, published.Participant.Identity, published.Participant.Kind));
        // AUDIO is TrackType's zero value, which protobuf JSON leaves out: it must still read as audio.
        Assert.Equal((TrackTypes.Audio, "MICROPHONE", "audio/opus"), (published.Track!.Type, published.Track.Source, published.Track.MimeType));
    }

    [Fact]
    public async Task A_video_track_published_by_LiveKit_reads_as_video()
    {
        var events = await StandupEvents.ParsedAsync();
        var camera = events.Single(e => e.Event == WebhookEventNames.TrackPublished && e.Track!.Sid == "TR_bobcam");

        Assert.Equal(TrackTypes.Video, camera.Track!.Type);
        Assert.False(camera.Track.IsAudio);
    }

    [Fact]
    public async Task An_egress_ended_event_made_by_LiveKit_reads_its_status_track_and_file_results_with_int64_strings()
    {
        var events = await StandupEvents.ParsedAsync();
        var ended = events.Single(e => e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_bobmic").EgressInfo!;

        Assert.Equal(EgressStatuses.Complete, ended.Status);
        Assert.Equal("TR_bobmic", ended.TrackId);
        Assert.Equal(StandupRoom.RoomSid, ended.RoomId);
        Assert.Equal("recordings/{room_name}/{room_id}/{publisher_identity}-{track_id}", ended.RequestedFilepath);
        var file = Assert.Single(ended.FileResults);
        Assert.Equal(StandupRoom.FileKey("bob", "TR_bobmic"), file.Filename);
        Assert.Equal(StandupRoom.BobStart, file.StartedAt);
        Assert.Equal(123_456, file.Size);
        Assert.Equal((StandupRoom.T0 + 38) * StandupRoom.Ns - StandupRoom.BobStart, file.Duration);
    }

    [Fact]
    public async Task An_egress_started_event_without_a_status_reads_as_starting()
    {
        var events = await StandupEvents.ParsedAsync();
        var started = events.First(e => e.Event == WebhookEventNames.EgressStarted).EgressInfo!;

        Assert.Equal(EgressStatuses.Starting, started.Status);
        Assert.Empty(started.FileResults);
    }

    [Fact]
    public async Task Proto_field_names_and_enum_numbers_read_the_same_as_lowerCamelCase_and_enum_names()
    {
        var camel = await StandupEvents.ParsedAsync();
        var proto = (await LiveKitJs.EventsAsync(StandupRoom.Describe(), "--proto-names"))
            .Select(e => LiveKitJson.ParseEvent(e.BodyBytes)).ToList();

        Assert.Contains("\"egress_info\"", (await LiveKitJs.EventsAsync(StandupRoom.Describe(), "--proto-names"))[^2].Body);
        Assert.Equal(camel.Count, proto.Count);
        for (var i = 0; i < camel.Count; i++)
        {
            Assert.Equal(camel[i] with { EgressInfo = null }, proto[i] with { EgressInfo = null });
            Assert.Equal(camel[i].EgressInfo is null, proto[i].EgressInfo is null);
            if (camel[i].EgressInfo is { } a)
            {
                var b = proto[i].EgressInfo!;
                Assert.Equal(a with { FileResults = [] }, b with { FileResults = [] });
                Assert.Equal(a.FileResults, b.FileResults);
            }
        }
    }

    [Fact]
    public void Int64_fields_written_as_numbers_read_as_well_as_strings()
    {
        var info = LiveKitJson.ParseEgressInfo("""
            {"egressId":"EG_1","status":3,"fileResults":[{"filename":"a.ogg","startedAt":1770000000123456789,"size":"42"}]}
            """u8);

        Assert.Equal(EgressStatuses.Complete, info.Status);
        Assert.Equal(1770000000123456789, info.FileResults[0].StartedAt);
        Assert.Equal(42, info.FileResults[0].Size);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var e = LiveKitJson.ParseEvent("""{"event":"room_finished","id":"EV_1","numDropped":3,"future":{"x":[1,2]},"room":{"sid":"RM_1","maxParticipants":9}}"""u8);

        Assert.Equal(("room_finished", "EV_1", "RM_1"), (e.Event, e.Id, e.RoomSid));
    }

    [Theory]
    [InlineData("", "webhook event JSON is empty")]
    [InlineData("{\"event\":", "webhook event is not valid JSON")]
    [InlineData("[1,2]", "webhook event JSON is not an object")]
    [InlineData("{\"createdAt\":\"soon\"}", "livekit field created_at must be an int64")]
    [InlineData("{\"egressInfo\":{\"fileResults\":[{\"size\":true}]}}", "livekit field egress_info.file_results[0].size must be an int64")]
    [InlineData("{\"room\":\"RM_1\"}", "livekit field room must be an object")]
    public void Malformed_webhook_bodies_fail_with_a_one_line_reason(string body, string reason)
    {
        var failure = Assert.Throws<PermanentMergeException>(() => LiveKitJson.ParseEvent(Encoding.UTF8.GetBytes(body)));

        Assert.StartsWith(reason, failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void A_deeply_nested_body_is_refused_without_recursing_into_it()
    {
        var body = "{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var failure = Assert.Throws<PermanentMergeException>(() => LiveKitJson.ParseEvent(Encoding.UTF8.GetBytes(body)));

        Assert.StartsWith("webhook event is not valid JSON", failure.Message);
    }

    [Fact]
    public async Task EgressInfo_reads_from_one_object_an_array_a_ListEgress_answer_and_a_webhook_body()
    {
        var ended = (await StandupEvents.SignedAsync()).Where(e => e.Event == WebhookEventNames.EgressEnded).ToList();
        var infos = ended.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Body)!["egressInfo"]!.ToJsonString()).ToList();

        Assert.Equal("EG_alice1", LiveKitJson.ParseEgressInfos(Encoding.UTF8.GetBytes(infos[0]))[0].EgressId);
        Assert.Equal(infos.Count, LiveKitJson.ParseEgressInfos(Encoding.UTF8.GetBytes($"[{string.Join(',', infos)}]")).Count);
        Assert.Equal(infos.Count, LiveKitJson.ParseEgressInfos(Encoding.UTF8.GetBytes($"{{\"items\":[{string.Join(',', infos)}]}}")).Count);
        Assert.Equal(infos.Count, LiveKitJson.ParseEgressList(Encoding.UTF8.GetBytes($"{{\"items\":[{string.Join(',', infos)}]}}")).Count);
        Assert.Equal("EG_alice1", LiveKitJson.ParseEgressInfos(ended[0].BodyBytes)[0].EgressId);
    }
}
