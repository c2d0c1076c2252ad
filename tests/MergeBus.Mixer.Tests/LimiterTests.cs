using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Tests;

/// <summary>The in-process limiter: transparent below the ceiling, never above it, and nothing moves in time.</summary>
public sealed class LimiterTests
{
    [Fact]
    public void Quiet_audio_comes_out_bit_identical_and_on_time_whatever_the_block_sizes()
    {
        var input = Signal(48_000, amplitude: 0.5f, burstAt: -1);
        var output = Run(input, channels: 1, linked: true, blocks: [100, 12_000, 7, 239, 240, 241, 5000]);

        Assert.Equal(input, output);
    }

    [Fact]
    public void A_loud_burst_never_exceeds_the_ceiling_and_stays_where_it_was()
    {
        var input = Signal(48_000, amplitude: 0.3f, burstAt: 20_000);
        var output = Run(input, channels: 1, linked: true, blocks: [12_000]);

        Assert.Equal(input.Length, output.Length);
        Assert.InRange(output.Max(Math.Abs), 0.85f, Limiter.LimitLinear);
        Assert.Equal(input[..10_000], output[..10_000]);
        Assert.InRange(Math.Abs(output[20_000 + 100]) / Math.Abs(input[20_000 + 100]), 0, 0.5f);
    }

    [Fact]
    public void Unlinked_channels_are_limited_on_their_own()
    {
        var loud = Signal(24_000, amplitude: 0.3f, burstAt: 10_000);
        var quiet = Signal(24_000, amplitude: 0.3f, burstAt: -1);
        var input = new float[48_000];
        for (var f = 0; f < 24_000; f++)
        {
            input[2 * f] = loud[f];
            input[(2 * f) + 1] = quiet[f];
        }

        var output = Run(input, channels: 2, linked: false, blocks: [12_000]);

        Assert.Equal(input.Where((_, i) => i % 2 == 1), output.Where((_, i) => i % 2 == 1));
        Assert.InRange(output.Where((_, i) => i % 2 == 0).Max(Math.Abs), 0.85f, Limiter.LimitLinear);
    }

    private static float[] Run(float[] input, int channels, bool linked, int[] blocks)
    {
        var limiter = new Limiter(channels, linked);
        var output = new List<float>();
        var buffer = new float[(12_000 + Limiter.Lookahead) * channels];
        var at = 0;
        var b = 0;
        while (at < input.Length / channels)
        {
            var frames = Math.Min(blocks[b++ % blocks.Length], (input.Length / channels) - at);
            var got = limiter.Process(input.AsSpan(at * channels, frames * channels), buffer);
            output.AddRange(buffer.AsSpan(0, got * channels));
            at += frames;
        }

        var tail = limiter.Flush(buffer);
        output.AddRange(buffer.AsSpan(0, tail * channels));
        return [.. output];
    }

    /// <summary>A 440 Hz tone; from <paramref name="burstAt"/> on for 0.1 s at 2.0 (6 dB over full scale).</summary>
    private static float[] Signal(int frames, float amplitude, int burstAt)
    {
        var signal = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            var level = burstAt >= 0 && f >= burstAt && f < burstAt + 4800 ? 2.0f : amplitude;
            signal[f] = level * MathF.Sin(2 * MathF.PI * 440 * f / 48_000f);
        }

        return signal;
    }
}
