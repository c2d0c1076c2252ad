using System.Threading.Channels;

namespace MergeBus.Media.Ogg;

/// <summary>
/// Builds one multistream Ogg Opus file (RFC 7845, channel mapping family 255) out of independently encoded Ogg
/// Opus inputs of the same length and frame size, each a mono stream or a set of uncoupled mono streams: packet k
/// of the output is packet k of every input, concatenated, every stream but the very last in self-delimited
/// framing (RFC 6716 Appendix B). Opus streams are independent, so the result decodes to exactly what the inputs
/// decode to, their channels in input order.
/// </summary>
public static class OpusMultistreamMuxer
{
    /// <summary>About one second of audio per page, as ffmpeg's Ogg muxer writes.</summary>
    private const int PageSamples = 48_000;

    /// <summary>
    /// Reads an Ogg physical stream that multiplexes several logical streams (one ffmpeg output with several
    /// audio streams) and hands each logical stream's packets, in order, to <paramref name="streams"/>: the first
    /// beginning-of-stream page seen goes to streams[0], and so on. Completes every writer at the end (or on failure).
    /// </summary>
    public static void Demultiplex(Stream input, string displayName, IReadOnlyList<ChannelWriter<OggStreamPacket>> streams)
    {
        Exception? failure = null;
        try
        {
            var reader = new OggPageReader(input, displayName);
            var bySerial = new Dictionary<uint, (int Index, OggPacketAssembler Assembler)>();
            while (reader.ReadPage() is { } page)
            {
                if (!bySerial.TryGetValue(page.SerialNumber, out var stream))
                {
                    if (!page.IsBeginOfStream || bySerial.Count >= streams.Count)
                    {
                        throw new InvalidDataException($"{displayName}: unexpected Ogg stream {page.SerialNumber:x8}");
                    }

                    stream = (bySerial.Count, new OggPacketAssembler());
                    bySerial.Add(page.SerialNumber, stream);
                }

                var packets = stream.Assembler.CompletedOn(page);
                for (var p = 0; p < packets.Count; p++)
                {
                    var last = p == packets.Count - 1;
                    if (!streams[stream.Index].TryWrite(new OggStreamPacket(packets[p], page.GranulePosition, last && page.IsEndOfStream)))
                    {
                        throw new InvalidOperationException("the packet queue refused a packet");
                    }
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream.TryComplete(failure);
            }
        }
    }

    /// <summary>
    /// Writes the multistream file while the packets arrive. Every input is either a mono Opus stream (family 0) or
    /// a multistream of uncoupled mono streams in channel order (family 255, as libopus writes with
    /// <c>-mapping_family 255</c>); the output holds all their streams, in input order.
    /// </summary>
    public static async Task MuxAsync(IReadOnlyList<ChannelReader<OggStreamPacket>> streams, Stream output, CancellationToken cancellationToken)
    {
        var count = streams.Count;
        var widths = new int[count];
        var heads = new OpusHead[count];
        byte[]? tags = null;
        for (var s = 0; s < count; s++)
        {
            var head = await NextAsync(streams[s], cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Opus input {s} ended before its OpusHead");
            heads[s] = OpusHead.TryParse(head.Data) ?? throw new InvalidDataException($"Opus input {s} has no OpusHead");
            widths[s] = UncoupledStreams(head.Data, s);
            if (heads[s].PreSkip != heads[0].PreSkip)
            {
                throw new InvalidDataException($"Opus input {s} has pre-skip {heads[s].PreSkip}, input 0 has {heads[0].PreSkip}");
            }

            var streamTags = await NextAsync(streams[s], cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Opus input {s} ended before its OpusTags");
            tags ??= streamTags.Data;
        }

        var writer = new OggPageWriter(output, (uint)Random.Shared.Next());
        writer.WritePage([OpusHead.Family255(widths.Sum(), heads[0].PreSkip, heads[0].InputSampleRate)], 0, beginOfStream: true);
        writer.WritePage([tags!], 0);

        var pending = new List<byte[]>();
        var pendingLacing = 0;
        var pendingSamples = 0;
        long granule = 0;
        var endGranule = long.MinValue;
        var parts = new OggStreamPacket[count];
        var lastStarts = new int[count];
        while (true)
        {
            var ended = 0;
            for (var s = 0; s < count; s++)
            {
                if (await NextAsync(streams[s], cancellationToken).ConfigureAwait(false) is { } packet)
                {
                    parts[s] = packet;
                }
                else
                {
                    ended++;
                }
            }

            if (ended == count)
            {
                break;
            }

            if (ended > 0)
            {
                throw new InvalidDataException("the Opus streams to multiplex hold different numbers of packets");
            }

            var samples = OpusPacket.Samples48k(parts[0].Data);
            var size = 0;
            for (var s = 0; s < count; s++)
            {
                if (OpusPacket.Samples48k(parts[s].Data) != samples || samples <= 0)
                {
                    throw new InvalidDataException($"Opus input {s} packet lasts {OpusPacket.Samples48k(parts[s].Data)} samples, input 0's {samples}");
                }

                // An input's own streams but its last are self-delimited already; its last one becomes so unless it ends the packet.
                var data = parts[s].Data;
                var at = 0;
                for (var stream = 0; stream < widths[s] - 1; stream++)
                {
                    at += OpusFraming.SelfDelimitedLength(data.AsSpan(at));
                }

                if (s < count - 1)
                {
                    var last = OpusFraming.ToSelfDelimited(data.AsSpan(at));
                    var joined = new byte[at + last.Length];
                    data.AsSpan(0, at).CopyTo(joined);
                    last.CopyTo(joined, at);
                    parts[s] = parts[s] with { Data = joined };
                }

                size += parts[s].Data.Length;
                if (parts[s].EndOfStream)
                {
                    endGranule = Math.Max(endGranule, parts[s].PageGranule);
                }
            }

            var combined = new byte[size];
            var offset = 0;
            for (var s = 0; s < count; s++)
            {
                parts[s].Data.CopyTo(combined, offset);
                offset += parts[s].Data.Length;
            }

            var lacing = (combined.Length / 255) + 1;
            if (pending.Count > 0 && (pendingSamples >= PageSamples || pendingLacing + lacing > 255))
            {
                writer.WritePage(pending, granule);
                pending.Clear();
                pendingLacing = 0;
                pendingSamples = 0;
            }

            pending.Add(combined);
            pendingLacing += lacing;
            pendingSamples += samples;
            granule += samples;
        }

        // The last page may end before its packets do: that is the end trimming of the encoders (RFC 7845 §4.5).
        var end = endGranule == long.MinValue ? granule : Math.Min(granule, Math.Max(endGranule, granule - pendingSamples));
        writer.WritePage(pending, end, endOfStream: true);
    }

    /// <summary>How many mono streams an input's OpusHead declares; anything but uncoupled mono streams in channel order is refused.</summary>
    private static int UncoupledStreams(byte[] head, int input)
    {
        var channels = head[9];
        var family = head[18];
        if (family == 0)
        {
            return channels == 1 ? 1 : throw new InvalidDataException($"Opus input {input} is a coupled (stereo) stream");
        }

        if (family != 255 || head.Length < 21 + channels || head[19] != channels || head[20] != 0)
        {
            throw new InvalidDataException($"Opus input {input} is not a set of uncoupled mono streams (family {family})");
        }

        for (var c = 0; c < channels; c++)
        {
            if (head[21 + c] != c)
            {
                throw new InvalidDataException($"Opus input {input} maps channel {c} to stream {head[21 + c]}");
            }
        }

        return channels;
    }

    private static async ValueTask<OggStreamPacket?> NextAsync(ChannelReader<OggStreamPacket> reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (reader.TryRead(out var packet))
            {
                return packet;
            }

            if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }
}
