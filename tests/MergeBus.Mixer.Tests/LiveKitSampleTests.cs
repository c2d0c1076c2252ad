using System.Text.Json.Nodes;
using MergeBus.LoopbackServers;
using MergeBus.Media.Analysis;
using MergeBus.Media.Ogg;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

/// <summary>The real LiveKit recording: file2 has DTX holes, file1 a hole near its end.</summary>
public sealed class LiveKitSampleTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempFolder folder = new("livekit");
    private MixResult result = null!;
    private DecodedAudio perParticipant = null!;

    public static string SamplePath => RepoPaths.SharedFixture("livekit-sample");

    public async Task InitializeAsync()
    {
        result = await new RoomMixBuilder().BuildAsync(
            new MixRequest(Inputs(), "per_participant", ["ogg_opus", "wav_pcm"], 48000, 2, folder.Path, "room_mix"), null, CancellationToken.None);
        perParticipant = await DecodedAudio.DecodeAsync(result.Outputs.Single(o => o.Format == "wav_pcm").Path);
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_room_mix_lasts_between_12_5_and_12_85_seconds()
    {
        var mix = await new RoomMixBuilder().BuildAsync(new MixRequest(Inputs(), "mix", ["ogg_opus"], 44100, 2, folder.File("mix"), "room_mix"), null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(mix.Outputs[0].Path);

        Assert.InRange(audio.DeclaredDurationSeconds, 12.5, 12.85);
        Assert.InRange(mix.TimelineSamples / 48000.0, 12.5, 12.85);
    }

    [Fact]
    public void Every_file_decodes_to_exactly_the_samples_its_packets_promise()
    {
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void File2_contributes_nothing_during_its_holes()
    {
        var (offset, timeline) = File2();
        var holes = timeline.Segments.Zip(timeline.Segments.Skip(1), (a, b) => (From: a.TimelineEnd, To: b.TimelineStart)).ToList();
        var loud = holes
            .Select(h => (h, Level: ToneMeasure.RmsDbfs(perParticipant[1], (offset + h.From) / 48000.0 + 0.005, (offset + h.To) / 48000.0 - 0.005)))
            .Where(x => x.Level > -70)
            .ToList();

        Assert.True(holes.Count >= 20, $"only {holes.Count} holes");
        Assert.Empty(loud);
    }

    [Fact]
    public void File2s_speech_sits_inside_its_packet_segments()
    {
        var (offset, timeline) = File2();
        var channel = perParticipant[1];
        double inside = 0, total = 0;
        var segmentIndex = 0;
        for (var i = 0; i < channel.Length; i++)
        {
            var t = i - offset;
            while (segmentIndex < timeline.Segments.Count && timeline.Segments[segmentIndex].TimelineEnd <= t)
            {
                segmentIndex++;
            }

            var energy = (double)channel[i] * channel[i];
            total += energy;
            if (segmentIndex < timeline.Segments.Count && timeline.Segments[segmentIndex].TimelineStart <= t)
            {
                inside += energy;
            }
        }

        Assert.True(inside / total > 0.999, $"{inside / total:P3} of file2's energy inside its segments");
    }

    [Fact]
    public void File2s_first_sound_is_not_earlier_than_its_first_packet()
    {
        var (offset, timeline) = File2();
        var firstPacket = (offset + timeline.Segments[0].TimelineStart) / 48000.0;

        Assert.True(ToneMeasure.RmsDbfs(perParticipant[1], 0, firstPacket - 0.002) < -70);
    }

    [Fact]
    public void File2s_speech_index_has_no_segment_inside_any_of_its_holes()
    {
        var (offset, timeline) = File2();
        var id = result.Channels[1].ParticipantIds.Single();
        var segments = MergeBus.Media.Speech.SpeechIndex.Read(result.SpeechIndexPath!).Single(e => e.ParticipantId == id).Segments;
        var holes = timeline.Segments.Zip(timeline.Segments.Skip(1), (a, b) => (From: (offset + a.TimelineEnd) / 48.0, To: (offset + b.TimelineStart) / 48.0)).ToList();
        var inside = holes.Where(h => segments.Any(s => s.StartMs < h.To && s.EndMs > h.From)).ToList();

        output.WriteLine($"file2: {segments.Count} segments: {string.Join(", ", segments.Select(s => $"{s.StartMs}-{s.EndMs}"))}");
        output.WriteLine($"holes: {string.Join(", ", holes.Select(h => $"{h.From:F0}-{h.To:F0}"))}");
        Assert.Equal(23, holes.Count);
        Assert.NotEmpty(segments);
        Assert.Empty(inside);
    }

    /// <summary>Spec §3: start = joined_at (no clock_sync here); offset = start − earliest start.</summary>
    internal static List<MixInput> Inputs()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(SamplePath, "manifest.json")))!;
        var participants = manifest["participants"]!.AsArray()
            .Select(p => (Id: p!["participant_id"]!.GetValue<string>(), Joined: p["joined_at"]!.GetValue<long>(), File: p["artifacts"]![0]!["storage_uri"]!.GetValue<string>() + ".ogg"))
            .ToList();
        var reference = participants.Min(p => p.Joined);
        return
        [
            .. participants
                .Select(p => new MixInput(p.Id, Path.Combine(SamplePath, p.File), (long)Math.Round((p.Joined - reference) * 48000 / 1e9), false))
                .OrderBy(i => i.OffsetSamples).ThenBy(i => i.ParticipantId, StringComparer.Ordinal),
        ];
    }

    private (long Offset, OpusTimeline Timeline) File2()
    {
        var input = Inputs().Single(i => i.LocalPath.EndsWith("file2.ogg", StringComparison.Ordinal));
        Assert.Equal(input.ParticipantId, result.Channels[1].ParticipantIds.Single());
        return (input.OffsetSamples, OpusTimeline.Read(input.LocalPath));
    }
}
