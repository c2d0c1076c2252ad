using System.Globalization;
using System.Threading.Channels;
using MergeBus.Media.Analysis;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

/// <summary>Self-delimited framing (RFC 6716 Appendix B) and the multistream file built from separate mono encodes.</summary>
public sealed class OpusMultistreamTests
{
    [Fact]
    public void A_single_frame_packet_gains_its_length_after_the_toc_byte()
    {
        var packet = new byte[301];
        packet[0] = 0xF8;
        packet[1] = 7;
        packet[300] = 9;

        var delimited = OpusFraming.ToSelfDelimited(packet);

        // 300 = 252 + (300 & 3) + 4·12: two length bytes.
        Assert.Equal(new byte[] { 0xF8, 252, 12, 7 }, delimited[..4]);
        Assert.Equal(303, delimited.Length);
        Assert.Equal(9, delimited[^1]);
    }

    [Fact]
    public void A_two_frame_vbr_packet_carries_both_lengths()
    {
        byte[] packet = [0xFA, 3, 1, 2, 3, 4, 5, 6, 7, 8];

        Assert.Equal(new byte[] { 0xFA, 3, 5, 1, 2, 3, 4, 5, 6, 7, 8 }, OpusFraming.ToSelfDelimited(packet));
    }

    [Fact]
    public void A_padded_code_3_packet_loses_its_padding_and_gains_its_last_length()
    {
        // VBR, padding, 2 frames; padding length 2; first frame 1 byte, second 2 bytes, then 2 bytes of padding.
        byte[] packet = [0xFB, 0xC2, 2, 1, 0xAA, 0xBB, 0xCC, 0, 0];

        Assert.Equal(new byte[] { 0xFB, 0x82, 1, 2, 0xAA, 0xBB, 0xCC }, OpusFraming.ToSelfDelimited(packet));
    }

    [Fact]
    public void A_cbr_code_3_packet_states_one_length()
    {
        byte[] packet = [0xFB, 0x03, 1, 2, 3, 4, 5, 6];

        Assert.Equal(new byte[] { 0xFB, 0x03, 2, 1, 2, 3, 4, 5, 6 }, OpusFraming.ToSelfDelimited(packet));
    }

    [Theory]
    [InlineData(new byte[] { 0xFA, 3, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(new byte[] { 0xFB, 0xC2, 2, 1, 0xAA, 0xBB, 0xCC, 0, 0 })]
    [InlineData(new byte[] { 0xFB, 0x03, 1, 2, 3, 4, 5, 6 })]
    [InlineData(new byte[] { 0xF8, 1, 2, 3 })]
    public void A_self_delimited_packet_says_where_it_ends(byte[] packet)
    {
        var delimited = OpusFraming.ToSelfDelimited(packet);
        byte[] followed = [.. delimited, 0xF8, 0x42];

        Assert.Equal(delimited.Length, OpusFraming.SelfDelimitedLength(followed));
    }

    [Fact]
    public async Task Separately_encoded_mono_streams_multiplex_into_a_file_that_decodes_to_exactly_those_streams()
    {
        using var folder = new TempFolder("multistream");
        double[] pitches = [440, 660, 990];
        var monoFiles = new List<string>();
        foreach (var pitch in pitches)
        {
            var path = folder.File($"{pitch}.ogg");
            await FfmpegRunner.RunAsync(
                FfmpegCommand.Ffmpeg("-loglevel", "error", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"sine=f={pitch}:d=2.51:sample_rate=48000"), "-c:a", "libopus", "-b:a", "48000", "-f", "ogg", FfmpegCommand.LocalFile(path)),
                CancellationToken.None);
            monoFiles.Add(path);
        }

        var queues = pitches.Select(_ => Channel.CreateUnbounded<OggStreamPacket>()).ToArray();
        for (var i = 0; i < monoFiles.Count; i++)
        {
            using var input = File.OpenRead(monoFiles[i]);
            OpusMultistreamMuxer.Demultiplex(input, monoFiles[i], [queues[i].Writer]);
        }

        var muxed = folder.File("muxed.ogg");
        await using (var output = File.Create(muxed))
        {
            await OpusMultistreamMuxer.MuxAsync([.. queues.Select(q => q.Reader)], output, CancellationToken.None);
        }

        var together = await DecodedAudio.DecodeAsync(muxed);
        Assert.Equal(pitches.Length, together.ChannelCount);
        using (var file = File.OpenRead(muxed))
        {
            var head = OpusHead.TryParse(new OggPageReader(file, "muxed").ReadPage()!.Body);
            Assert.Equal(new OpusHead(3, 312, 48000, 255), head);
        }

        for (var i = 0; i < monoFiles.Count; i++)
        {
            var alone = await DecodedAudio.DecodeAsync(monoFiles[i]);
            Assert.Equal(alone.Samples, together.Samples);
            Assert.Equal(alone.DeclaredDurationSeconds, together.DeclaredDurationSeconds, 6);
            Assert.Equal(alone[0], together[i]);
        }
    }
}

/// <summary>A per-participant room larger than one Opus encoder process and than any named ffmpeg layout.</summary>
public sealed class ManyChannelOpusTests
{
    [Fact]
    public async Task Ten_participants_get_ten_independent_opus_channels_that_match_the_wav_in_length_and_timing()
    {
        using var folder = new TempFolder("ten");
        var session = await MergeBus.Media.Synthesis.SessionSynthesizer.CreateAsync(folder.File("in"), new MergeBus.Media.Synthesis.SessionSynthesisOptions
        {
            ParticipantCount = 10,
            DurationSeconds = 8,
            ShoutAtSeconds = 5,
            ShoutSeconds = 1,
            Seed = 11,
        });

        var result = await new MergeBus.Mixer.Components.Mixing.RoomMixBuilder().BuildAsync(
            SessionMixing.Request(session, "per_participant", ["ogg_opus", "wav_pcm"], folder.File("out")), null, CancellationToken.None);
        var ogg = result.Outputs.Single(o => o.Format == "ogg_opus").Path;
        var opus = await DecodedAudio.DecodeAsync(ogg);
        var wav = await DecodedAudio.DecodeAsync(result.Outputs.Single(o => o.Format == "wav_pcm").Path);

        using (var file = File.OpenRead(ogg))
        {
            Assert.Equal(new OpusHead(10, 312, 48000, 255), OpusHead.TryParse(new OggPageReader(file, "ogg").ReadPage()!.Body));
        }

        Assert.Equal(10, opus.ChannelCount);
        Assert.Equal(wav.DeclaredDurationSeconds, opus.DeclaredDurationSeconds, 3);
        var misses = new List<string>();
        foreach (var burst in session.Bursts.Where(b => !b.IsShout))
        {
            var channel = SessionMixing.ChannelsOf(result, burst.ParticipantId).Single();
            var (onset, end) = ToneMeasure.FindBurst(opus[channel], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            if (!(Math.Abs(onset - burst.StartSeconds) <= 0.002 && Math.Abs(end - burst.EndSeconds) <= 0.002))
            {
                misses.Add($"{burst.ParticipantId} ch{channel}: truth {burst.StartSeconds:F4}-{burst.EndSeconds:F4}, measured {onset:F4}-{end:F4}");
            }
        }

        Assert.Empty(misses);
        Assert.All(opus.Channels, samples => Assert.True(samples.Max(Math.Abs) <= 1.0f));
    }
}
