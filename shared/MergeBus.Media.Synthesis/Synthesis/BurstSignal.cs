using System.Runtime.InteropServices;

namespace MergeBus.Media.Synthesis;

/// <summary>A tone burst in a file's own timeline, in 48 kHz samples.</summary>
internal readonly record struct ToneBurst(long Start, long End, double FrequencyHz, double Amplitude);

/// <summary>Streams f32le PCM of tone bursts over silence. Each burst starts at phase 0 with a hard edge, so its onset is exact.</summary>
internal static class BurstSignal
{
    private const int BlockFrames = 9600;

    public static async Task WriteAsync(Stream output, long lengthSamples, IReadOnlyList<ToneBurst> bursts, int channels, CancellationToken cancellationToken, double noiseRms = 0, int seed = 0)
    {
        var block = new float[BlockFrames * channels];
        var random = new Random(seed);
        var noisePeak = noiseRms * Math.Sqrt(3); // uniform noise: RMS = peak/√3
        for (long blockStart = 0; blockStart < lengthSamples; blockStart += BlockFrames)
        {
            var frames = (int)Math.Min(BlockFrames, lengthSamples - blockStart);
            Fill(block.AsSpan(0, frames * channels), blockStart, frames, bursts, channels);
            if (noisePeak > 0)
            {
                for (var i = 0; i < frames * channels; i++)
                {
                    block[i] += (float)(noisePeak * ((2 * random.NextDouble()) - 1));
                }
            }

            await output.WriteAsync(MemoryMarshal.AsBytes(block.AsSpan(0, frames * channels)).ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Fill(Span<float> block, long blockStart, int frames, IReadOnlyList<ToneBurst> bursts, int channels)
    {
        block.Clear();
        var blockEnd = blockStart + frames;
        foreach (var burst in bursts)
        {
            var from = Math.Max(burst.Start, blockStart);
            var to = Math.Min(burst.End, blockEnd);
            var step = 2 * Math.PI * burst.FrequencyHz / 48000.0;
            for (var n = from; n < to; n++)
            {
                var value = (float)(burst.Amplitude * Math.Sin(step * (n - burst.Start)));
                var at = (int)(n - blockStart) * channels;
                for (var c = 0; c < channels; c++)
                {
                    block[at + c] += value;
                }
            }
        }
    }
}
