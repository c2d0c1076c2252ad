using System.Runtime.InteropServices;

namespace MergeBus.Media.Opus;

/// <summary>
/// One libopus encoder (application "audio", unconstrained VBR, 20 ms frames: ffmpeg's libopus defaults),
/// always fed 48 kHz PCM. A lower output rate is a bandwidth limit here and the OpusHead's input rate.
/// Not thread-safe; one per stream.
/// </summary>
public sealed class OpusEncoder : IDisposable
{
    /// <summary>20 ms at 48 kHz.</summary>
    public const int FrameSamples = 960;

    /// <summary>Enough for any 20 ms packet at up to 510 kb/s (RFC 6716 caps a frame at 1275 bytes).</summary>
    public const int MaxPacketBytes = 1500;

    private IntPtr handle;

    /// <param name="channels">1 or 2.</param>
    /// <param name="bitrate">Bits per second.</param>
    /// <param name="complexity">0–10; 10 is libopus' (and ffmpeg's) default.</param>
    /// <param name="outputRate">8/12/16/24/48 kHz: anything below 48 kHz caps the coded bandwidth to match.</param>
    public OpusEncoder(int channels, int bitrate, int complexity = 10, int outputRate = 48_000)
    {
        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "an Opus encoder takes 1 or 2 channels");
        }

        if (complexity is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(complexity), complexity, "Opus complexity is 0 to 10");
        }

        Channels = channels;
        handle = LibOpus.EncoderCreate(48_000, channels, LibOpus.ApplicationAudio, out var error);
        if (handle == IntPtr.Zero || error != 0)
        {
            throw new InvalidOperationException($"opus_encoder_create failed: {LibOpus.Describe(error)}");
        }

        Set(LibOpus.SetBitrateRequest, bitrate);
        Set(LibOpus.SetComplexityRequest, complexity);
        Set(LibOpus.SetVbrRequest, 1);
        Set(LibOpus.SetVbrConstraintRequest, 0);
        if (MaxBandwidth(outputRate) is { } bandwidth)
        {
            Set(LibOpus.SetMaxBandwidthRequest, bandwidth);
        }

        Check(LibOpus.EncoderCtl(handle, LibOpus.GetLookaheadRequest, out var lookahead), "OPUS_GET_LOOKAHEAD");
        Lookahead = lookahead;
    }

    public int Channels { get; }

    /// <summary>Samples (48 kHz) the encoder delays its input by: the Ogg Opus pre-skip.</summary>
    public int Lookahead { get; }

    /// <summary>Encodes one 20 ms frame (<see cref="FrameSamples"/> × channels, interleaved) into <paramref name="packet"/>; returns its length.</summary>
    public int Encode(ReadOnlySpan<float> pcm, Span<byte> packet)
    {
        ObjectDisposedException.ThrowIf(handle == IntPtr.Zero, this);
        if (pcm.Length < FrameSamples * Channels || packet.Length < MaxPacketBytes)
        {
            throw new ArgumentException("a whole 20 ms frame and a packet buffer of MaxPacketBytes are needed");
        }

        var length = LibOpus.EncodeFloat(handle, ref MemoryMarshal.GetReference(pcm), FrameSamples, ref MemoryMarshal.GetReference(packet), MaxPacketBytes);
        Check(length, "opus_encode_float");
        return length;
    }

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            LibOpus.EncoderDestroy(handle);
            handle = IntPtr.Zero;
        }
    }

    private static int? MaxBandwidth(int outputRate) => outputRate switch
    {
        <= 8_000 => 1101,
        <= 12_000 => 1102,
        <= 16_000 => 1103,
        <= 24_000 => 1104,
        _ => null,
    };

    private void Set(int request, int value) => Check(LibOpus.EncoderCtl(handle, request, value), $"opus_encoder_ctl({request})");

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"{what} failed: {LibOpus.Describe(result)}");
        }
    }
}
