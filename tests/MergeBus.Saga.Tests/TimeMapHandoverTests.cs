using MergeBus.Contracts;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>What the Mixer reports for transcription (the time map, the stems) reaches the Publisher and the public event.</summary>
public class TimeMapHandoverTests
{
    private static readonly MixTimeline Timeline = new()
    {
        OriginUnixNs = 1_770_953_265_000_000_000,
        Inputs = [new TimelineInput { ParticipantIdentity = "ann", ParticipantId = "PA_1", TrackId = "TR_1", StartMs = 432.104, LengthMs = 7000 }],
        People = [new TimelinePerson { ParticipantIdentity = "ann", FirstSpeechMs = 500, LastSpeechMs = 6900 }],
    };

    [Fact]
    public async Task The_time_map_and_the_stems_of_a_mix_are_handed_to_the_publisher()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("map-1"));
        await test.WaitForState("map-1", m => m.Fetching);
        await test.Publish(Journeys.Fetched("map-1"));
        await test.WaitForState("map-1", m => m.Mixing);

        var stem = Staged("map-1") with { FinalKey = "room/S/room_mix_room_ann.ogg", ParticipantIdentity = "ann" };
        await test.Publish(Journeys.Mixed("map-1") with { Artifacts = [Staged("map-1"), stem], Timeline = Timeline });

        Assert.NotNull(await test.WaitForState("map-1", m => m.Publishing));
        Assert.True(await test.Harness.Sent.Any<PublishMix>(x => x.Context.Message.JobId == "map-1"
            && x.Context.Message.Timeline!.OriginUnixNs == Timeline.OriginUnixNs
            && x.Context.Message.Timeline.Inputs.Single().StartMs == 432.104
            && x.Context.Message.Timeline.People.Single().LastSpeechMs == 6900
            && x.Context.Message.Artifacts.Any(a => a.ParticipantIdentity == "ann" && a.FinalKey == stem.FinalKey)));
    }

    [Fact]
    public async Task A_completed_job_lists_each_stem_with_its_person()
    {
        await using var test = await StartAsync();
        await MergeJobStateMachineTests.DriveToPublishing(test, "map-2");

        var stem = new PublishedArtifact { Format = "ogg_opus", StorageUri = "room_mix_room_ann.ogg", Sha256 = new string('b', 64), ParticipantIdentity = "ann" };
        await test.Publish(Journeys.Published("map-2") with { Artifacts = [.. Journeys.Published("map-2").Artifacts, stem] });

        Assert.NotNull(await test.WaitForState("map-2", m => m.Completed));
        Assert.True(await test.Harness.Published.Any<MergeJobCompleted>(x => x.Context.Message.JobId == "map-2"
            && x.Context.Message.Artifacts.Any(a => a.ParticipantIdentity == "ann" && a.StorageUri == stem.StorageUri)));
    }
}
