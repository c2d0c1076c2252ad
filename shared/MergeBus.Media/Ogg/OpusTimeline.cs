using MergeBus.Protocol;

namespace MergeBus.Media.Ogg;

/// <summary>
/// Where every packet of an Ogg Opus file sits in time. Position of a sample = granule − pre_skip (RFC 7845).
/// Packets completed on a page are contiguous and END at the page's granule; a page that starts later than
/// the previous one ended opens a hole (DTX/mute). Decoders that concatenate packets (ffmpeg does) lose the
/// holes; <see cref="Segments"/> puts the decoded samples back where they belong.
/// </summary>
public sealed class OpusTimeline
{
    private OpusTimeline(OpusHead head, IReadOnlyList<OpusTimelineSegment> segments, long packetSamples, int packetCount, int holeCount, int overlapsCorrected)
    {
        Head = head;
        Segments = segments;
        PacketSamples = packetSamples;
        PacketCount = packetCount;
        HoleCount = holeCount;
        OverlapsCorrected = overlapsCorrected;
    }

    public OpusHead Head { get; }

    public int Channels => Head.Channels;

    public int PreSkip => Head.PreSkip;

    /// <summary>Contiguous stretches, in order, never overlapping, later audio never earlier.</summary>
    public IReadOnlyList<OpusTimelineSegment> Segments { get; }

    /// <summary>Sum of all audio packet durations (TOC), pre-skip included.</summary>
    public long PacketSamples { get; }

    public int PacketCount { get; }

    /// <summary>Gaps between pages (start of file excluded).</summary>
    public int HoleCount { get; }

    /// <summary>Non-final pages that claimed to start before the previous page ended; placed right after it.</summary>
    public int OverlapsCorrected { get; }

    /// <summary>What a concatenating decoder (ffmpeg) yields: every packet, minus pre-skip, no end trimming.</summary>
    public long ConcatenatedDecodedSamples => Math.Max(0, PacketSamples - PreSkip);

    /// <summary>End of the file's own timeline: the end of the last packet (last granule − pre_skip).</summary>
    public long EndSamples => Segments.Count == 0 ? 0 : Segments[^1].TimelineEnd;

    /// <summary>Audio actually present (holes excluded).</summary>
    public long AudioSamples => Segments.Sum(s => s.Length);

    /// <summary>Bytes <see cref="LooksLikeOggOpus(ReadOnlySpan{byte})"/> needs: the first page header and the packet's magic.</summary>
    public const int SignatureLength = 36;

    public static bool LooksLikeOggOpus(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[SignatureLength];
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return LooksLikeOggOpus(start[..read]);
    }

    /// <summary>True when <paramref name="start"/> (a file's first bytes) opens an Ogg stream whose first packet is an OpusHead.</summary>
    public static bool LooksLikeOggOpus(ReadOnlySpan<byte> start) =>
        start.Length >= SignatureLength && start[..4].SequenceEqual("OggS"u8) && start[28..36].SequenceEqual("OpusHead"u8);

    public static OpusTimeline Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, Path.GetFileName(path));
    }

    public static OpusTimeline Read(Stream stream, string displayName)
    {
        var reader = new OggPageReader(stream, displayName);
        var builder = new Builder(displayName);
        var assembler = new OggPacketAssembler();
        uint? serial = null;
        OpusHead? head = null;
        var headerPackets = 0;

        // One page of lookahead: only the last page may trim its end.
        OggPage? current = NextPage();
        while (current is not null)
        {
            var next = NextPage();
            var packets = assembler.CompletedOn(current);
            var audio = new List<byte[]>(packets.Count);
            foreach (var packet in packets)
            {
                if (headerPackets == 0)
                {
                    head = OpusHead.TryParse(packet) ?? throw Corrupt(displayName, "no OpusHead in the first packet");
                }

                if (headerPackets < 2)
                {
                    headerPackets++;
                    continue;
                }

                audio.Add(packet);
            }

            if (audio.Count > 0)
            {
                builder.AddPage(current, audio, isLastPage: next is null || current.IsEndOfStream);
            }

            current = next;
        }

        if (head is null)
        {
            throw Corrupt(displayName, "empty Ogg stream");
        }

        if (builder.PacketCount == 0)
        {
            throw Corrupt(displayName, "no audio packets");
        }

        return new OpusTimeline(head, builder.Segments(head.PreSkip), builder.PacketSamples, builder.PacketCount, builder.HoleCount, builder.OverlapsCorrected);

        OggPage? NextPage()
        {
            while (reader.ReadPage() is { } page)
            {
                serial ??= page.SerialNumber;
                if (page.SerialNumber == serial)
                {
                    return page;
                }
            }

            return null;
        }
    }

    internal static PermanentMergeException Corrupt(string displayName, string what) =>
        new($"{displayName}: not a readable audio file ({what})");

    /// <summary>Collects runs in granule space (pre-skip included), then converts them to decoded/timeline segments.</summary>
    private sealed class Builder(string displayName)
    {
        private readonly List<(long PacketStart, long GranuleStart, long Length)> runs = [];
        private long? previousEnd;

        public long PacketSamples { get; private set; }

        public int PacketCount { get; private set; }

        public int HoleCount { get; private set; }

        public int OverlapsCorrected { get; private set; }

        public void AddPage(OggPage page, List<byte[]> packets, bool isLastPage)
        {
            long duration = 0;
            foreach (var packet in packets)
            {
                var samples = OpusPacket.Samples48k(packet);
                if (samples < 0)
                {
                    throw Corrupt(displayName, $"malformed Opus packet on the page at byte {page.FileOffset}");
                }

                duration += samples;
            }

            if (page.GranulePosition < 0)
            {
                throw Corrupt(displayName, $"no granule position on the page at byte {page.FileOffset}");
            }

            var end = page.GranulePosition;
            var start = end - duration;
            if (previousEnd is { } before && start < before)
            {
                if (isLastPage)
                {
                    // RFC 7845 end trimming: the final granule cuts the last packet short.
                    AddRun(PacketSamples, before, Math.Max(0, end - before));
                    previousEnd = Math.Max(before, end);
                }
                else
                {
                    // Illegal overlap: keep the audio in order right after what came before, never earlier.
                    OverlapsCorrected++;
                    AddRun(PacketSamples, before, duration);
                    previousEnd = Add(before, duration, page);
                }
            }
            else
            {
                if (previousEnd is { } earlier && start > earlier)
                {
                    HoleCount++;
                }

                AddRun(PacketSamples, start, duration);
                previousEnd = end;
            }

            PacketSamples += duration;
            PacketCount += packets.Count;
        }

        public List<OpusTimelineSegment> Segments(int preSkip)
        {
            var segments = new List<OpusTimelineSegment>();
            foreach (var (packetStart, granuleStart, length) in runs)
            {
                var decodedStart = packetStart - preSkip;
                var timelineStart = granuleStart - preSkip;

                // Samples before decoded 0 are the pre-skip; samples before timeline 0 are discarded by definition.
                var cut = Math.Max(0, Math.Max(-decodedStart, -timelineStart));
                if (cut >= length)
                {
                    continue;
                }

                var segment = new OpusTimelineSegment(decodedStart + cut, timelineStart + cut, length - cut);
                if (segments.Count > 0 && segments[^1] is var last
                    && last.DecodedEnd == segment.DecodedStart && last.TimelineEnd == segment.TimelineStart)
                {
                    segments[^1] = last with { Length = last.Length + segment.Length };
                }
                else
                {
                    segments.Add(segment);
                }
            }

            return segments;
        }

        /// <summary>A position past 2^63 is a broken granule, not a place on any timeline: it fails instead of wrapping.</summary>
        private long Add(long position, long samples, OggPage page)
        {
            try
            {
                return checked(position + samples);
            }
            catch (OverflowException)
            {
                throw Corrupt(displayName, $"granule position overflows on the page at byte {page.FileOffset}");
            }
        }

        private void AddRun(long packetStart, long granuleStart, long length)
        {
            if (length > 0)
            {
                runs.Add((packetStart, granuleStart, length));
            }
        }
    }
}
