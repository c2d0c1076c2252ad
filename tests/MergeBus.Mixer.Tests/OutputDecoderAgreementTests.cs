using System.Diagnostics;
using System.Runtime.InteropServices;
using MergeBus.Media.Analysis;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

/// <summary>
/// Our in-process Ogg Opus files decode the same in ffmpeg and in opusdec (opus-tools). Only 1–2 channel files:
/// opusdec (opusfile 0.12) refuses every mapping-family-255 file, ffmpeg's own included ("Failed to open").
/// </summary>
public sealed class OutputDecoderAgreementTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    [Theory]
    [InlineData("mix", 2)]
    [InlineData("dual_channel_agent", 2)]
    public async Task Ffmpeg_and_opusdec_decode_the_same_channels_and_samples(string layout, int channels)
    {
        var mixed = await fixture.MixAsync(layout, ["ogg_opus"]);
        var path = mixed.Result.Outputs.Single().Path;
        var ffmpeg = mixed.Decoded["ogg_opus"];
        var opusdec = await OpusdecAsync(path, channels);

        Assert.Equal(channels, ffmpeg.ChannelCount);
        Assert.Equal(ffmpeg.Samples, opusdec[0].Length);
        for (var c = 0; c < channels; c++)
        {
            var snr = Snr(opusdec[c], ffmpeg[c]);
            Assert.True(snr > 25, $"channel {c}: SNR {snr:F1} dB between opusdec and ffmpeg");
        }
    }

    private static async Task<float[][]> OpusdecAsync(string path, int channels)
    {
        var raw = path + ".opusdec.f32";
        var info = new ProcessStartInfo("opusdec") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--quiet", "--float", "--rate", "48000", path, raw })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"opusdec failed: {await errors}");
        var samples = MemoryMarshal.Cast<byte, float>(await File.ReadAllBytesAsync(raw));
        File.Delete(raw);
        var frames = samples.Length / channels;
        var result = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            result[c] = new float[frames];
            for (var f = 0; f < frames; f++)
            {
                result[c][f] = samples[(f * channels) + c];
            }
        }

        return result;
    }

    private static double Snr(float[] signal, float[] reference)
    {
        double power = 0, noise = 0;
        for (var i = 0; i < Math.Min(signal.Length, reference.Length); i++)
        {
            power += (double)reference[i] * reference[i];
            var d = (double)signal[i] - reference[i];
            noise += d * d;
        }

        return 10 * Math.Log10(power / Math.Max(noise, 1e-20));
    }
}
