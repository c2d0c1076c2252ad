using MergeBus.Media.Ogg;
using MergeBus.Media.Probing;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Leveling;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests.Leveling;

/// <summary>
/// Leveling decodes every input once: the measuring pass records the decoded PCM and the mix replays it. The
/// replay must place exactly what a decode places, for libopus in process and for an ffmpeg decoder alike.
/// </summary>
public sealed class PcmSpoolTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("spool");
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions
        {
            ParticipantCount = 2,
            DurationSeconds = 6,
            Formats = [SyntheticFormat.OggOpus, SyntheticFormat.Wav16kMono],
            Seed = 3,
        });

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_Ogg_Opus_input_replayed_from_its_spool_places_the_same_samples_as_its_decode()
    {
        var path = session.Participants[0].Path;
        var timeline = OpusTimeline.Read(path);
        using var spool = new PcmSpool(folder.Path);
        var source = new TrackSource(new MixInput("a", path, 4321, false), FfprobeTrackProbe.FromTimeline(timeline), timeline);

        await AssertReplayPlacesTheSameAsync(source, spool);
    }

    [Fact]
    public async Task An_ffmpeg_decoded_input_replayed_from_its_spool_places_the_same_samples_as_its_decode()
    {
        var path = session.Participants[1].Path;
        var probe = await new FfprobeTrackProbe().ProbeAsync(path, CancellationToken.None);
        using var spool = new PcmSpool(folder.Path);
        var source = new TrackSource(new MixInput("b", path, 777, false), probe, null);

        await AssertReplayPlacesTheSameAsync(source, spool);
    }

    [Fact]
    public void A_spool_leaves_no_file_in_the_work_folder_even_while_it_is_open()
    {
        var work = Directory.CreateDirectory(folder.File("work")).FullName;
        using var spool = new PcmSpool(work);

        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }

    [Fact]
    public void Leveling_keeps_the_decoded_PCM_when_it_takes_at_most_half_the_free_disk()
    {
        var source = OggSource(0);
        var bytes = source.Timeline!.ConcatenatedDecodedSamples * sizeof(float);

        Assert.True(SpeakerAnalysis.KeepsPcm([source, source], freeBytes: 4 * bytes));
    }

    [Fact]
    public void Leveling_decodes_twice_rather_than_take_more_than_half_the_free_disk()
    {
        var source = OggSource(0);
        var bytes = source.Timeline!.ConcatenatedDecodedSamples * sizeof(float);

        Assert.False(SpeakerAnalysis.KeepsPcm([source, source], freeBytes: (4 * bytes) - 2));
    }

    [Fact]
    public void The_free_disk_of_a_work_folder_is_read_so_a_small_session_keeps_its_PCM()
    {
        var free = SpeakerAnalysis.FreeBytes(folder.Path);

        Assert.True(free > 0, "free disk unknown: leveling would always decode twice");
        Assert.True(SpeakerAnalysis.KeepsPcm([OggSource(0)], free));
    }

    private TrackSource OggSource(int participant)
    {
        var path = session.Participants[participant].Path;
        var timeline = OpusTimeline.Read(path);
        return new TrackSource(new MixInput("a", path, 0, false), FfprobeTrackProbe.FromTimeline(timeline), timeline);
    }

    private static async Task AssertReplayPlacesTheSameAsync(TrackSource source, PcmSpool spool)
    {
        var decoded = await PlaceAllAsync(source);
        var recorded = await PlaceAllAsync(source with { Spool = spool });
        spool.MarkComplete();
        var replayed = await PlaceAllAsync(source with { Spool = spool });

        Assert.True(decoded.Samples.Count > 48_000 * 4, $"only {decoded.Samples.Count} samples placed");
        Assert.Contains(decoded.Samples, s => s != 0);
        Assert.Equal(decoded.Samples, recorded.Samples);
        Assert.Equal(decoded.Samples, replayed.Samples);
        Assert.Equal(decoded.DecodedSamples, replayed.DecodedSamples);
        Assert.Equal(decoded.DecodedSamples * source.Channels * sizeof(float), spool.Bytes);
    }

    /// <summary>Places the whole track block by block, as the mix does, and reads its decoder to the end.</summary>
    private static async Task<(List<float> Samples, long DecodedSamples)> PlaceAllAsync(TrackSource source)
    {
        var samples = new List<float>();
        var track = source.Start(RoomMixBuilder.BlockFrames);
        await using (track)
        {
            var position = 0L;
            while (true)
            {
                var overtime = position >= track.PlannedEnd;
                if (overtime && (!track.OpenEnded || track.Finished))
                {
                    break;
                }

                var extent = await track.FillAsync(position, RoomMixBuilder.BlockFrames, CancellationToken.None);
                if (extent == 0 && overtime)
                {
                    break;
                }

                samples.AddRange(track.Block[..(RoomMixBuilder.BlockFrames * track.Channels)]);
                position += RoomMixBuilder.BlockFrames;
            }

            await track.FinishAsync(CancellationToken.None);
            return (samples, track.DecodedSamples);
        }
    }
}
