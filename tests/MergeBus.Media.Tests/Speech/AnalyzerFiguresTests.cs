using MergeBus.Media.Loudness;
using MergeBus.Media.Opus;
using MergeBus.Media.Speech;
using MergeBus.Media.Synthesis;

namespace MergeBus.Media.Tests.Speech;

/// <summary>
/// The analyzer runs a channel's run at a time with its filter state and view coefficients in registers (and the
/// true peak's four phases as one vector). Its figures must be the ones the plain per-sample loop gave: checked here
/// against that loop, written with the meters' per-sample methods, on audio libopus decoded from synthesized speech:
/// every 10 ms frame's figures to the last bit, the true peak within 10⁻⁶ dB.
/// </summary>
public sealed class AnalyzerFiguresTests : IAsyncLifetime
{
    private const int Frame = TrackAnalyzer.FrameSamples;
    private const int Block = 12_000;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mergebus-media-tests", $"analyzer-{Guid.NewGuid():N}");
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(folder, new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 12, Seed = 5, ShoutAtSeconds = 7 });

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void A_mono_voice_heard_on_both_channels_gives_the_per_sample_loops_figures()
    {
        var mono = Decode(session.Participants[0].Path, 1);

        AssertSameFigures(mono, 1, new LoudnessView([new LoudnessRow([1f], 2)]), LoudnessView.Mono(1));
    }

    [Fact]
    public void A_mono_voice_at_a_gain_in_one_channel_gives_the_per_sample_loops_figures()
    {
        // The one-pass mono path: each view's coefficient and copies, not just the shape of the default views.
        var mono = Decode(session.Participants[1].Path, 1);

        AssertSameFigures(mono, 1, new LoudnessView([new LoudnessRow([0.7f], 1)]), new LoudnessView([new LoudnessRow([0.3f], 3)]));
    }

    [Fact]
    public void A_stereo_input_in_a_stereo_file_gives_the_per_sample_loops_figures()
    {
        // Two different voices as left and right: every cross term of the two-row view matters.
        var stereo = Interleave(Decode(session.Participants[0].Path, 1), Decode(session.Participants[1].Path, 1));

        AssertSameFigures(stereo, 2, LoudnessView.AsRecorded(2), LoudnessView.Mono(2));
    }

    [Fact]
    public void A_stereo_input_folded_into_one_channel_of_three_rows_gives_the_per_sample_loops_figures()
    {
        // A view the fast paths do not cover (three rows) goes through the general one.
        var stereo = Interleave(Decode(session.Participants[1].Path, 1), Decode(session.Participants[0].Path, 1));
        var view = new LoudnessView([new LoudnessRow([1f, 0f], 1), new LoudnessRow([0f, 0.7f], 1), new LoudnessRow([0.5f, 0.5f], 2)]);

        AssertSameFigures(stereo, 2, view, LoudnessView.Mono(2));
    }

    private static void AssertSameFigures(float[] interleaved, int channels, LoudnessView fileView, LoudnessView stemView)
    {
        using var analyzer = new TrackAnalyzer(channels, measureTruePeak: true, fileView: fileView, stemView: stemView);
        // Blocks of 0.25 s starting off the 10 ms grid, as a join offset places them in a mix.
        const long start = 1234;
        for (var at = 0; at < interleaved.Length; at += Block * channels)
        {
            var block = interleaved.AsSpan(at, Math.Min(Block * channels, interleaved.Length - at));
            analyzer.Observe(start + (at / channels), block, channels);
        }

        var (expectedFrames, expectedPeak) = PerSample(interleaved, channels, start, fileView, stemView);

        Assert.Contains(expectedFrames, f => f.Weighted > 0);
        Assert.Equal(expectedFrames, analyzer.Figures);
        // The vector sums may round in the last bits (the JIT may fuse multiply-adds); it is reported to 0.01 dB.
        Assert.Equal(expectedPeak, analyzer.Analyze().TruePeakDbtp!.Value, 1e-6);
    }

    /// <summary>The analyzer as it was: every sample through the per-sample filter, meter and view.</summary>
    private static (List<FrameFigures> Frames, double PeakDbtp) PerSample(float[] interleaved, int channels, long start, LoudnessView fileView, LoudnessView stemView)
    {
        var weighting = Enumerable.Range(0, channels).Select(_ => new KWeighting()).ToArray();
        var peaks = Enumerable.Range(0, channels).Select(_ => new TruePeakMeter()).ToArray();
        var frames = new List<FrameFigures>();
        var count = interleaved.Length / channels;
        var k = new double[channels];
        var i = 0;
        while (i < count)
        {
            var position = start + i;
            var frame = (int)(position / Frame);
            // The same 0.25 s blocks: a frame split between two blocks is two sums.
            var blockEnd = ((i / Block) + 1) * Block;
            var take = Math.Min(Frame - (int)(position % Frame), Math.Min(count, blockEnd) - i);
            while (frames.Count < frame)
            {
                frames.Add(default);
            }

            double power = 0, weighted = 0, stem = 0;
            for (var n = 0; n < take; n++)
            {
                for (var c = 0; c < channels; c++)
                {
                    double x = interleaved[((i + n) * channels) + c];
                    power += x * x;
                    k[c] = weighting[c].Process(x);
                    peaks[c].Process(x);
                }

                weighted += fileView.Energy(k);
                stem += stemView.Energy(k);
            }

            // A frame split over two blocks adds up in floats, as the analyzer's open frame does.
            var open = frames.Count > frame ? frames[frame] : default;
            var figures = new FrameFigures((short)(open.Present + take), open.Power + (float)(power / channels), open.Weighted + (float)weighted, open.StemWeighted + (float)stem);
            if (frames.Count > frame)
            {
                frames[frame] = figures;
            }
            else
            {
                frames.Add(figures);
            }

            i += take;
        }

        return (frames, peaks.Max(p => p.PeakDbtp));
    }

    private static float[] Decode(string path, int channels)
    {
        using var stream = new OggOpusPcmStream(path, channels);
        var samples = new List<float>();
        var buffer = new float[4800 * channels];
        int got;
        while ((got = stream.ReadFrames(buffer)) > 0)
        {
            samples.AddRange(buffer.AsSpan(0, got * channels));
        }

        return [.. samples];
    }

    private static float[] Interleave(float[] left, float[] right)
    {
        var frames = Math.Min(left.Length, right.Length);
        var stereo = new float[frames * 2];
        for (var n = 0; n < frames; n++)
        {
            (stereo[2 * n], stereo[(2 * n) + 1]) = (left[n], right[n]);
        }

        return stereo;
    }
}
