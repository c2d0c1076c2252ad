using System.Runtime.InteropServices;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// The stems' side of the block loop: each person's placed blocks summed into one mono block (their stem gain,
/// a stereo input as (L+R)/2, overlapping fragments summed), then that person's own limiter and their stem's
/// encoders. Two blocks per person, like the mix: while block n is limited and encoded (one task per person, in
/// parallel with the mix's encoders), block n + 1 is summed.
/// </summary>
internal sealed class StemBlocks
{
    private readonly IReadOnlyList<IReadOnlyList<MixSink>> sinks;
    private readonly Limiter[] limiters;
    private readonly float[][][] mixed;
    private readonly byte[][][] limited;

    public StemBlocks(IReadOnlyList<IReadOnlyList<MixSink>> sinks, float ceiling)
    {
        this.sinks = sinks;
        limiters = [.. sinks.Select(_ => new Limiter(1, linked: false, ceiling))];
        mixed = [.. sinks.Select(_ => new[] { new float[RoomMixBuilder.BlockFrames], new float[RoomMixBuilder.BlockFrames] })];
        limited = [.. sinks.Select(_ => new[] { new byte[RoomMixBuilder.BlockFrames * sizeof(float)], new byte[RoomMixBuilder.BlockFrames * sizeof(float)] })];
    }

    /// <summary>People with a stem (0 without stems).</summary>
    public int Count => sinks.Count;

    /// <summary>Sums this block of every input into its person's buffer <paramref name="slot"/>.</summary>
    public void Mix(int slot, int frames, IReadOnlyList<PlacedTrack> tracks, int[] extents, IReadOnlyList<TrackSource> sources, MixPeople people)
    {
        foreach (var person in mixed)
        {
            person[slot].AsSpan(0, frames).Clear();
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var usable = Math.Min(extents[i], frames);
            if (usable == 0)
            {
                continue;
            }

            var width = tracks[i].Channels;
            var destination = mixed[people.PersonOf[i]][slot].AsSpan(0, usable);
            var gain = sources[i].EffectiveStemGain / width;
            for (var c = 0; c < width; c++)
            {
                SampleMath.AddStrided(tracks[i].Block[..(usable * width)], width, c, destination, 1, 0, gain);
            }
        }
    }

    /// <summary>Limits and writes every person's buffer <paramref name="slot"/>, one task per person.</summary>
    public Task LimitAndSendAsync(int slot, int frames, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Count).Select(p => Task.Run(
            () => SendAsync(p, slot, limiters[p].Process(mixed[p][slot].AsSpan(0, frames), Output(p, slot)), cancellationToken),
            cancellationToken)));

    /// <summary>Each limiter's held-back tail, after the last block.</summary>
    public Task FlushAndSendAsync(int slot, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Count).Select(p => SendAsync(p, slot, limiters[p].Flush(Output(p, slot)), cancellationToken)));

    private Span<float> Output(int person, int slot) => MemoryMarshal.Cast<byte, float>(limited[person][slot].AsSpan());

    private Task SendAsync(int person, int slot, int frames, CancellationToken cancellationToken) =>
        frames == 0
            ? Task.CompletedTask
            : Task.WhenAll(sinks[person].Select(s => s.WriteAsync(limited[person][slot], frames, 1, cancellationToken)));
}
