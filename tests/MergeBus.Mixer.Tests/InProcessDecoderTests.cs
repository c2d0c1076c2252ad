using System.Runtime.InteropServices;
using MergeBus.Media.Analysis;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

/// <summary>libopus in process against ffmpeg's own Opus decoder: the same samples, at the same places, within codec noise.</summary>
public sealed class InProcessDecoderTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    public static TheoryData<string> LiveKitFiles => new() { "file1.ogg", "file2.ogg" };

    [Theory]
    [MemberData(nameof(LiveKitFiles))]
    public async Task The_livekit_sample_decodes_in_process_like_ffmpegs_native_decoder_above_40_dB_snr_at_zero_lag(string file)
    {
        await AssertMatchesFfmpegAsync(Path.Combine(LiveKitSampleTests.SamplePath, file), libopus: false, minimumSnr: 40);
    }

    [Theory]
    [MemberData(nameof(LiveKitFiles))]
    public async Task The_livekit_sample_decodes_in_process_like_ffmpeg_through_libopus_above_40_dB_snr_at_zero_lag(string file)
    {
        await AssertMatchesFfmpegAsync(Path.Combine(LiveKitSampleTests.SamplePath, file), libopus: true, minimumSnr: 40);
    }

    [Fact]
    public async Task Every_synthetic_speaker_decodes_in_process_like_ffmpeg_through_libopus_above_40_dB_snr_at_zero_lag()
    {
        foreach (var participant in fixture.Session.Participants)
        {
            await AssertMatchesFfmpegAsync(participant.Path, libopus: true, minimumSnr: 40);
        }
    }

    /// <summary>
    /// ffmpeg's native decoder is not libopus: it upsamples SILK frames with its own resampler, so on the synthetic
    /// 32 kb/s speakers (mostly SILK) the two differ far more than on the LiveKit sample (measured 14–34 dB SNR,
    /// against &gt; 40 dB for ffmpeg through libopus, above). The samples still sit at the same places (±1 sample);
    /// a misplaced packet would drop the SNR to about 0 dB.
    /// </summary>
    [Fact]
    public async Task Every_synthetic_speaker_decodes_in_process_in_the_same_places_as_ffmpegs_native_decoder()
    {
        foreach (var participant in fixture.Session.Participants)
        {
            await AssertMatchesFfmpegAsync(participant.Path, libopus: false, minimumSnr: 10);
        }
    }

    [Fact]
    public void The_in_process_decoder_yields_exactly_the_samples_the_packets_promise()
    {
        foreach (var path in new[] { "file1.ogg", "file2.ogg" }.Select(f => Path.Combine(LiveKitSampleTests.SamplePath, f)).Concat(fixture.Session.Participants.Select(p => p.Path)))
        {
            var timeline = OpusTimeline.Read(path);
            var decoded = DecodeInProcess(path, Math.Min(timeline.Channels, 2));

            Assert.Equal(timeline.ConcatenatedDecodedSamples, decoded.LongLength / Math.Min(timeline.Channels, 2));
        }
    }

    /// <summary>
    /// A read with room for a whole packet decodes straight into the caller's buffer; a smaller one goes through the
    /// stream's own buffer. Both must give the same samples: reads of one frame never take the direct path, and
    /// reads of odd sizes mix the two and split packets across reads.
    /// </summary>
    [Fact]
    public void Reads_of_any_size_give_exactly_the_samples_of_reads_of_one_frame_at_a_time()
    {
        foreach (var path in new[] { "file1.ogg", "file2.ogg" }.Select(f => Path.Combine(LiveKitSampleTests.SamplePath, f)).Concat(fixture.Session.Participants.Select(p => p.Path)))
        {
            var channels = Math.Min(OpusTimeline.Read(path).Channels, 2);
            var oneAtATime = DecodeInProcess(path, channels, [1]);

            Assert.Equal(oneAtATime, DecodeInProcess(path, channels, [4800]));
            Assert.Equal(oneAtATime, DecodeInProcess(path, channels, [961, 7, 5760, 300, 2000]));
        }
    }

    [Fact]
    public async Task A_synthetic_mix_logs_no_decoder_warning()
    {
        var mixed = await fixture.MixAsync("per_participant", ["wav_pcm"]);

        Assert.True(OpusLibrary.IsAvailable, "libopus0 must be installed for these tests");
        Assert.Empty(mixed.Result.Warnings);
    }

    private static async Task AssertMatchesFfmpegAsync(string path, bool libopus, double minimumSnr)
    {
        var channels = Math.Min(OpusTimeline.Read(path).Channels, 2);
        var ours = DecodeInProcess(path, channels);
        var theirs = await DecodeWithFfmpegAsync(path, channels, libopus);
        var frames = Math.Min(ours.Length, theirs.Length) / channels;

        // ffmpeg may stop a packet early at the end (end trimming); everything it does yield must line up.
        Assert.InRange(Math.Abs(ours.Length - theirs.Length) / channels, 0, 5760);
        // ffmpeg's native SILK resampler may sit one sample (21 µs) off libopus'; through libopus it must be exact.
        Assert.InRange(BestLag(ours, theirs, channels, frames), libopus ? 0 : -1, libopus ? 0 : 1);
        var snr = Snr(ours.AsSpan(0, frames * channels), theirs.AsSpan(0, frames * channels));
        Assert.True(snr > minimumSnr, $"{Path.GetFileName(path)}: SNR {snr:F1} dB");
    }

    /// <param name="reads">Frames per read, in turn (4800 by default).</param>
    private static float[] DecodeInProcess(string path, int channels, int[]? reads = null)
    {
        reads ??= [4800];
        using var stream = new OggOpusPcmStream(path, channels);
        var all = new List<float>();
        var buffer = new float[reads.Max() * channels];
        int got;
        for (var r = 0; (got = stream.ReadFrames(buffer.AsSpan(0, reads[r % reads.Length] * channels))) > 0; r++)
        {
            all.AddRange(buffer.AsSpan(0, got * channels));
        }

        return [.. all];
    }

    private static async Task<float[]> DecodeWithFfmpegAsync(string path, int channels, bool libopus)
    {
        string[] decoder = libopus ? ["-c:a", "libopus"] : [];
        await using var process = FfmpegProcess.Start(FfmpegCommand.Ffmpeg(
            ["-loglevel", "error", .. decoder, "-i", FfmpegCommand.LocalFile(path), "-map", "0:a:0",
            "-ac", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "-ar", "48000", "-f", "f32le", "pipe:1"]));
        using var bytes = new MemoryStream();
        await process.Stdout.CopyToAsync(bytes);
        await process.WaitForSuccessAsync(CancellationToken.None);
        return MemoryMarshal.Cast<byte, float>(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)).ToArray();
    }

    /// <summary>The shift (in frames, ±10 ms) at which the two streams agree best.</summary>
    private static int BestLag(float[] a, float[] b, int channels, int frames)
    {
        var best = (Lag: 0, Error: double.MaxValue);
        for (var lag = -480; lag <= 480; lag += 1)
        {
            double error = 0;
            for (var f = 480; f < frames - 480; f += 7)
            {
                var d = a[f * channels] - b[(f + lag) * channels];
                error += d * d;
            }

            if (error < best.Error)
            {
                best = (lag, error);
            }
        }

        return best.Lag;
    }

    private static double Snr(ReadOnlySpan<float> signal, ReadOnlySpan<float> reference)
    {
        double power = 0, noise = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            power += (double)reference[i] * reference[i];
            var d = (double)signal[i] - reference[i];
            noise += d * d;
        }

        return 10 * Math.Log10(power / Math.Max(noise, 1e-20));
    }
}
