using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Tests.Support;

namespace MergeBus.Protocol.Tests.Manifests;

/// <summary>The manifest's MergeBus additions for transcription: stems, room_mix.timeline, who a stem and a channel are.</summary>
public class TranscriptionFieldsTests
{
    private static readonly RoomMix Written = new()
    {
        Artifacts =
        [
            new RoomMixArtifact { Format = "wav_pcm", Filename = "room_mix_r.wav", StorageUri = "room_mix_r.wav", ChannelCount = 2, SampleRate = 16000 },
            new RoomMixArtifact { Format = "wav_pcm", Filename = "room_mix_r_ann.wav", StorageUri = "room_mix_r_ann.wav", ChannelCount = 1, SampleRate = 16000, ParticipantIdentity = "ann" },
        ],
        Channels = [new RoomMixChannel(0, ["PA_1", "PA_2"]) { ParticipantIdentities = ["ann"] }],
        Timeline = new RoomMixTimeline
        {
            OriginUnixNs = 1_770_953_265_123_456_789,
            Inputs =
            [
                new RoomMixTimelineInput
                {
                    ParticipantIdentity = "ann", ParticipantId = "PA_2", TrackId = "TR_2", StorageUri = "ann-2.ogg",
                    StartMs = 1500.0208333333333, LengthMs = 2000, Anchor = AlignmentAnchors.EgressStartedAt,
                    Holes = [new RoomMixTimelineHole(1700, 1800.5)],
                },
            ],
            People = [new RoomMixTimelinePerson { ParticipantIdentity = "ann", FirstSpeechMs = 120, LastSpeechMs = 3400 }],
        },
    };

    private static RoomMix RoundTrip(RoomMix mix)
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());
        manifest.SetRoomMix(mix);
        return Manifest.Parse(manifest.ToJson()).RoomMix!;
    }

    [Fact]
    public void The_time_map_reads_back_as_written()
    {
        var read = RoundTrip(Written).Timeline!;

        Assert.Equal(Written.Timeline!.OriginUnixNs, read.OriginUnixNs);
        Assert.Equal(Written.Timeline.Inputs[0] with { Holes = [] }, read.Inputs[0] with { Holes = [] });
        Assert.Equal(Written.Timeline.Inputs[0].Holes, read.Inputs[0].Holes);
        Assert.Equal(Written.Timeline.People, read.People);
    }

    [Fact]
    public void A_stem_names_its_person_and_the_mix_names_no_one()
    {
        var read = RoundTrip(Written).Artifacts;

        Assert.Null(read[0].ParticipantIdentity);
        Assert.Equal("ann", read[1].ParticipantIdentity);
    }

    [Fact]
    public void A_channel_of_one_person_names_them_outright()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());
        manifest.SetRoomMix(Written);

        var channel = JsonNode.Parse(manifest.ToJson())!["room_mix"]!["channels"]![0]!;
        Assert.Equal("ann", channel["participant_identity"]!.GetValue<string>());
        Assert.Equal(["ann"], RoundTrip(Written).Channels![0].ParticipantIdentities);
    }

    [Fact]
    public void A_manifest_asking_for_stems_reads_as_asking()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["stems"] = true;

        Assert.True(ManifestJson.Parse(doc).Stems);
        Assert.False(ManifestJson.Parse(ManifestJson.TwoParticipants()).Stems);
    }

    [Fact]
    public void A_stems_field_that_is_not_true_or_false_is_bad_input_naming_the_field()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["stems"] = "yes";

        var bad = Assert.Throws<PermanentMergeException>(() => ManifestJson.Parse(doc));

        Assert.Contains("stems", bad.Message, StringComparison.Ordinal);
    }
}
