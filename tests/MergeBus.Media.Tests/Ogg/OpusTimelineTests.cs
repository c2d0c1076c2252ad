using MergeBus.LoopbackServers;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Tests.Ogg;

/// <summary>Facts measured on the LiveKit sample, read back by the Ogg parser.</summary>
public sealed class OpusTimelineTests
{
    private static string Sample(string file) => Path.Combine(RepoPaths.SharedFixture("livekit-sample"), file);

    [Fact]
    public void File2s_first_audio_sits_at_granule_12708_after_pre_skip()
    {
        var timeline = OpusTimeline.Read(Sample("file2.ogg"));

        Assert.Equal((312, 2, 12708L), (timeline.PreSkip, timeline.Channels, timeline.Segments[0].TimelineStart));
    }

    [Fact]
    public void File2_holds_189_packets_of_audio_spread_over_more_than_20_holes()
    {
        var timeline = OpusTimeline.Read(Sample("file2.ogg"));

        Assert.Equal(189, timeline.PacketCount);
        Assert.InRange(timeline.HoleCount, 20, 25);
        Assert.Equal(timeline.HoleCount + 1, timeline.Segments.Count);
    }

    [Fact]
    public void File1s_timeline_ends_at_its_last_granule_minus_pre_skip()
    {
        var timeline = OpusTimeline.Read(Sample("file1.ogg"));

        Assert.Equal(614580, timeline.EndSamples); // 12.81025 s − 312 samples
    }

    [Fact]
    public void The_concatenated_length_is_what_ffmpeg_decodes()
    {
        var timeline = OpusTimeline.Read(Sample("file2.ogg"));

        Assert.Equal(181128, timeline.ConcatenatedDecodedSamples); // 3.7735 s, measured with ffmpeg -f f32le
    }

    [Fact]
    public void Segments_never_overlap_and_never_move_backwards()
    {
        var segments = OpusTimeline.Read(Sample("file2.ogg")).Segments;

        Assert.All(segments.Zip(segments.Skip(1)), pair =>
        {
            Assert.True(pair.First.TimelineEnd <= pair.Second.TimelineStart);
            Assert.Equal(pair.First.DecodedEnd, pair.Second.DecodedStart);
        });
    }
}
