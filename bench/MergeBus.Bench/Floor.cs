using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

/// <summary>
/// The floor of a case: the work no mixer can avoid, spread over the cores. Decode each of the N inputs once with
/// libopus, and libopus-encode each output stream once (ffmpeg's libopus defaults: complexity 10, unconstrained
/// VBR, 20 ms frames) at the bitrate the output has, for the whole mix length. Nothing is summed, limited or
/// written. Jobs run on a pool of one thread per core, longest first; an encode job encodes the PCM its own
/// decode yields, so every input is decoded exactly once. For a room mix (where somebody nearly always speaks)
/// the stream is that speech, then the same speech again, looped from its first 30 s, up to the mix length. For a
/// per-participant channel it is what that channel holds: the person's audio at its place on the timeline (join
/// offset, DTX holes as silence). libopus' cost depends on where the silence falls: the same audio packed at the
/// start and followed by silence encodes 30–50 % cheaper (measured on the 4 × 60 s session), which is no output
/// anyone asked for.
/// </summary>
public static class Floor
{
    /// <summary>The Opus streams our output codes: the room mix of mono speakers is one mono stream at 64 kb/s; per_participant one mono stream per person at 48 kb/s.</summary>
    public static IReadOnlyList<(int Channels, int Bitrate, bool Continuous)> OutputStreams(string layout, int participants) => layout == MixLayouts.PerParticipant
        ? [.. Enumerable.Repeat((1, Math.Min(48_000 * participants, 510_000) / participants, false), participants)]
        : [(1, 64_000, true)];

    /// <param name="inputs">Each input's path and where its own timeline starts in the mix (48 kHz samples).</param>
    public static Task<long> RunAsync(IReadOnlyList<(string Path, long Offset)> inputs, IReadOnlyList<(int Channels, int Bitrate, bool Continuous)> streams, long timelineSamples, int cores)
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

    private static long Run((string Path, long Offset) input, (int Channels, int Bitrate, bool Continuous)? stream, long timelineSamples)
    {
        if (stream is { Continuous: false } channel)
        {
            return RunPlaced(input, channel, timelineSamples);
        }

        using var decoder = new OggOpusPcmStream(input.Path, 1);
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

    /// <summary>One per-participant channel: the input's decoded audio where the timeline puts it, silence elsewhere.</summary>
    private static long RunPlaced((string Path, long Offset) input, (int Channels, int Bitrate, bool Continuous) stream, long timelineSamples)
    {
        var segments = OpusTimeline.Read(input.Path).Segments;
        using var decoder = new OggOpusPcmStream(input.Path, 1);
        using var encoder = new OpusEncoder(stream.Channels, stream.Bitrate);
        var frame = new float[OpusEncoder.FrameSamples];
        var skipped = new float[OpusEncoder.FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        var segment = 0;
        for (long start = 0; start < timelineSamples + encoder.Lookahead; start += frame.Length)
        {
            Array.Clear(frame);
            var end = start + frame.Length;
            for (; segment < segments.Count; segment++)
            {
                var s = segments[segment];
                var from = Math.Max(start, input.Offset + s.TimelineStart);
                var to = Math.Min(end, input.Offset + s.TimelineEnd);
                if (input.Offset + s.TimelineStart >= end)
                {
                    break;
                }

                if (to > from)
                {
                    // Segments come in decode order: skip to this one's first sample, then read into place.
                    var wanted = s.DecodedStart + (from - input.Offset - s.TimelineStart);
                    while (decoder.DecodedSamples < wanted && decoder.ReadFrames(skipped.AsSpan(0, (int)Math.Min(skipped.Length, wanted - decoder.DecodedSamples))) > 0)
                    {
                    }

                    decoder.ReadFrames(frame.AsSpan((int)(from - start), (int)(to - from)));
                }

                if (to < input.Offset + s.TimelineEnd)
                {
                    break;
                }
            }

            encoder.Encode(frame, packet);
        }

        while (decoder.ReadFrames(skipped) > 0)
        {
        }

        return decoder.DecodedSamples;
    }
}
