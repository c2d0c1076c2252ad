using MergeBus.Media.Opus;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

/// <summary>
/// The floor of a case: the work no mixer can avoid, spread over the cores. Decode each of the N inputs once with
/// libopus, and libopus-encode each output stream once (ffmpeg's libopus defaults: complexity 10, unconstrained
/// VBR, 20 ms frames) at the bitrate the output has, for the whole mix length. Nothing is placed, summed, limited
/// or written. Jobs run on a pool of one thread per core, longest first; an encode job encodes the PCM its own
/// decode yields, so every input is decoded exactly once, then up to the mix length: for a room mix (where
/// somebody nearly always speaks) that speech again, looped from its first 30 s; for a per-participant
/// channel silence (that person's share of speech and silence, as in the output).
/// </summary>
public static class Floor
{
    /// <summary>The Opus streams our output codes: the room mix of mono speakers is one mono stream at 64 kb/s; per_participant one mono stream per person at 48 kb/s.</summary>
    public static IReadOnlyList<(int Channels, int Bitrate, bool Continuous)> OutputStreams(string layout, int participants) => layout == MixLayouts.PerParticipant
        ? [.. Enumerable.Repeat((1, Math.Min(48_000 * participants, 510_000) / participants, false), participants)]
        : [(1, 64_000, true)];

    public static Task<long> RunAsync(IReadOnlyList<string> inputs, IReadOnlyList<(int Channels, int Bitrate, bool Continuous)> streams, long timelineSamples, int cores)
    {
        var jobs = Enumerable.Range(0, Math.Max(inputs.Count, streams.Count))
            .Select(i => (Input: inputs[i % inputs.Count], Decode: i < inputs.Count, Stream: i < streams.Count ? streams[i] : ((int, int, bool)?)null))
            .OrderByDescending(j => j.Stream is not null)
            .ToList();
        long samples = 0;
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = cores }, job =>
        {
            var done = Run(job.Input, job.Stream, timelineSamples);
            Interlocked.Add(ref samples, done);
        });
        return Task.FromResult(samples);
    }

    private static long Run(string input, (int Channels, int Bitrate, bool Continuous)? stream, long timelineSamples)
    {
        using var decoder = new OggOpusPcmStream(input, 1);
        using var encoder = stream is { } s ? new OpusEncoder(s.Channels, s.Bitrate) : null;
        var loop = stream is { Continuous: true } ? new float[30 * 48_000] : null;
        var looped = 0;
        var frame = new float[OpusEncoder.FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        long decoded = 0;
        long encoded = 0;
        while (true)
        {
            var got = decoder.ReadFrames(frame);
            decoded += got;
            if (got == 0)
            {
                break;
            }

            if (encoder is not null)
            {
                Array.Clear(frame, got, frame.Length - got);
                encoder.Encode(frame, packet);
                encoded += frame.Length;
                if (loop is not null && looped + got <= loop.Length)
                {
                    frame.AsSpan(0, got).CopyTo(loop.AsSpan(looped));
                    looped += got;
                }
            }
        }

        if (encoder is not null)
        {
            Array.Clear(frame);
            var at = 0;
            while (encoded < timelineSamples + encoder.Lookahead)
            {
                if (loop is not null && looped >= frame.Length)
                {
                    loop.AsSpan(at, frame.Length).CopyTo(frame);
                    at = at + (2 * frame.Length) <= looped ? at + frame.Length : 0;
                }

                encoder.Encode(frame, packet);
                encoded += frame.Length;
            }
        }

        return decoded;
    }
}
