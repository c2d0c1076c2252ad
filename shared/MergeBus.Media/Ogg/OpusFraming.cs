namespace MergeBus.Media.Ogg;

/// <summary>
/// Opus packet framing (RFC 6716 §3.2) and its self-delimiting variant (Appendix B), which a multistream packet
/// (RFC 7845 §5.1.1) uses for every stream but the last: the packets of the streams are concatenated, and each
/// self-delimited one carries the length of its last frame (or of every frame, for CBR) after its other lengths.
/// </summary>
public static class OpusFraming
{
    /// <summary>
    /// Rewrites a packet in standard framing into self-delimited framing. Padding (code 3) is dropped: it carries
    /// no audio. Throws <see cref="InvalidDataException"/> on a malformed packet.
    /// </summary>
    public static byte[] ToSelfDelimited(ReadOnlySpan<byte> packet)
    {
        Span<int> lengths = stackalloc int[48];
        var (frames, dataStart, dataLength) = Parse(packet, lengths);
        var toc = packet[0];
        var code = toc & 0x3;
        var output = new byte[1 + 1 + 2 + (2 * frames) + dataLength];
        var at = 0;
        output[at++] = toc;
        switch (code)
        {
            case 0:
            case 1:
                at += WriteLength(lengths[0], output.AsSpan(at));
                break;
            case 2:
                at += WriteLength(lengths[0], output.AsSpan(at));
                at += WriteLength(lengths[1], output.AsSpan(at));
                break;
            default:
                var vbr = (packet[1] & 0x80) != 0;
                output[at++] = (byte)(packet[1] & 0xBF); // Padding flag off: the padding is not copied.
                if (vbr)
                {
                    for (var f = 0; f < frames; f++)
                    {
                        at += WriteLength(lengths[f], output.AsSpan(at));
                    }
                }
                else
                {
                    at += WriteLength(lengths[0], output.AsSpan(at));
                }

                break;
        }

        packet.Slice(dataStart, dataLength).CopyTo(output.AsSpan(at));
        at += dataLength;
        return output[..at];
    }

    /// <summary>
    /// The byte length of the self-delimited packet at the start of <paramref name="data"/> (the streams of a
    /// multistream packet but the last). Throws <see cref="InvalidDataException"/> on a malformed packet.
    /// </summary>
    public static int SelfDelimitedLength(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new InvalidDataException("empty self-delimited Opus packet");
        }

        var code = data[0] & 0x3;
        var at = 1;
        int length;
        switch (code)
        {
            case 0:
                at += ReadLength(data[at..], out length);
                return Within(data, at + length);
            case 1:
                at += ReadLength(data[at..], out length);
                return Within(data, at + (2 * length));
            case 2:
                at += ReadLength(data[at..], out var first);
                at += ReadLength(data[at..], out var second);
                return Within(data, at + first + second);
            default:
                if (data.Length < 2)
                {
                    throw new InvalidDataException("code 3 Opus packet without a frame count");
                }

                var countByte = data[at++];
                var frames = countByte & 0x3F;
                if (frames == 0)
                {
                    throw new InvalidDataException("code 3 Opus packet with 0 frames");
                }

                var padding = 0;
                if ((countByte & 0x40) != 0)
                {
                    int value;
                    do
                    {
                        if (at >= data.Length)
                        {
                            throw new InvalidDataException("truncated Opus padding length");
                        }

                        value = data[at++];
                        padding += value == 255 ? 254 : value;
                    }
                    while (value == 255);
                }

                var total = 0;
                if ((countByte & 0x80) != 0)
                {
                    for (var f = 0; f < frames; f++)
                    {
                        at += ReadLength(data[at..], out length);
                        total += length;
                    }
                }
                else
                {
                    at += ReadLength(data[at..], out length);
                    total = frames * length;
                }

                return Within(data, at + total + padding);
        }
    }

    private static int Within(ReadOnlySpan<byte> data, int length) =>
        length <= data.Length ? length : throw new InvalidDataException("self-delimited Opus packet longer than its data");

    /// <summary>Frame count, and where the frame data (without padding) starts and how long it is.</summary>
    internal static (int Frames, int DataStart, int DataLength) Parse(ReadOnlySpan<byte> packet, Span<int> lengths)
    {
        if (packet.IsEmpty)
        {
            throw new InvalidDataException("empty Opus packet");
        }

        var code = packet[0] & 0x3;
        var at = 1;
        switch (code)
        {
            case 0:
                lengths[0] = packet.Length - 1;
                return Check(1, at, packet.Length - 1, lengths);
            case 1:
                if ((packet.Length - 1) % 2 != 0)
                {
                    throw new InvalidDataException("code 1 Opus packet with an odd payload");
                }

                lengths[0] = lengths[1] = (packet.Length - 1) / 2;
                return Check(2, at, packet.Length - 1, lengths);
            case 2:
                at += ReadLength(packet[at..], out lengths[0]);
                lengths[1] = packet.Length - at - lengths[0];
                return Check(2, at, packet.Length - at, lengths);
            default:
                if (packet.Length < 2)
                {
                    throw new InvalidDataException("code 3 Opus packet without a frame count");
                }

                var countByte = packet[at++];
                var frames = countByte & 0x3F;
                if (frames == 0 || frames > 48)
                {
                    throw new InvalidDataException($"code 3 Opus packet with {frames} frames");
                }

                var padding = 0;
                if ((countByte & 0x40) != 0)
                {
                    int value;
                    do
                    {
                        if (at >= packet.Length)
                        {
                            throw new InvalidDataException("truncated Opus padding length");
                        }

                        value = packet[at++];
                        padding += value == 255 ? 254 : value;
                    }
                    while (value == 255);
                }

                if ((countByte & 0x80) != 0)
                {
                    var sum = 0;
                    for (var f = 0; f < frames - 1; f++)
                    {
                        at += ReadLength(packet[at..], out lengths[f]);
                        sum += lengths[f];
                    }

                    lengths[frames - 1] = packet.Length - at - padding - sum;
                }
                else
                {
                    var payload = packet.Length - at - padding;
                    if (payload < 0 || payload % frames != 0)
                    {
                        throw new InvalidDataException("CBR Opus packet whose payload does not split into equal frames");
                    }

                    for (var f = 0; f < frames; f++)
                    {
                        lengths[f] = payload / frames;
                    }
                }

                return Check(frames, at, packet.Length - at - padding, lengths);
        }
    }

    private static (int, int, int) Check(int frames, int dataStart, int dataLength, Span<int> lengths)
    {
        for (var f = 0; f < frames; f++)
        {
            if (lengths[f] is < 0 or > 1275)
            {
                throw new InvalidDataException($"Opus frame of {lengths[f]} bytes");
            }
        }

        if (dataLength < 0)
        {
            throw new InvalidDataException("Opus packet shorter than its lengths");
        }

        return (frames, dataStart, dataLength);
    }

    /// <summary>RFC 6716 §3.2.1: one byte below 252, else two.</summary>
    private static int ReadLength(ReadOnlySpan<byte> data, out int length)
    {
        if (data.IsEmpty)
        {
            throw new InvalidDataException("truncated Opus frame length");
        }

        if (data[0] < 252)
        {
            length = data[0];
            return 1;
        }

        if (data.Length < 2)
        {
            throw new InvalidDataException("truncated Opus frame length");
        }

        length = data[0] + (4 * data[1]);
        return 2;
    }

    private static int WriteLength(int length, Span<byte> destination)
    {
        if (length < 252)
        {
            destination[0] = (byte)length;
            return 1;
        }

        var first = 252 + (length & 0x3);
        destination[0] = (byte)first;
        destination[1] = (byte)((length - first) >> 2);
        return 2;
    }
}
