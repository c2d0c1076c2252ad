namespace MergeBus.Media.Opus;

/// <summary>One libopus decoder at 48 kHz. Not thread-safe; one per input.</summary>
public sealed class OpusDecoder : IDisposable
{
    /// <summary>The longest Opus packet: 120 ms at 48 kHz.</summary>
    public const int MaxFrameSamples = 5760;

    private IntPtr handle;

    /// <param name="channels">1 or 2: libopus mixes a stereo stream down or a mono stream up as asked.</param>
    public OpusDecoder(int channels)
    {
        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "an Opus decoder outputs 1 or 2 channels");
        }

        Channels = channels;
        handle = LibOpus.DecoderCreate(48_000, channels, out var error);
        if (handle == IntPtr.Zero || error != 0)
        {
            throw new InvalidOperationException($"opus_decoder_create failed: {LibOpus.Describe(error)}");
        }
    }

    public int Channels { get; }

    /// <summary>
    /// Decodes one packet into <paramref name="pcm"/> (interleaved). Returns samples per channel, or a negative libopus
    /// error code (OPUS_BUFFER_TOO_SMALL when the packet holds more samples than <paramref name="pcm"/> has room for:
    /// libopus never writes past the room it is given). Never conceals: a lost packet is not guessed at.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> packet, Span<float> pcm)
    {
        ObjectDisposedException.ThrowIf(handle == IntPtr.Zero, this);
        var room = Math.Min(pcm.Length / Channels, MaxFrameSamples);
        if (packet.IsEmpty || room == 0)
        {
            return -1;
        }

        return LibOpus.DecodeFloat(handle, ref System.Runtime.InteropServices.MemoryMarshal.GetReference(packet), packet.Length,
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(pcm), room, 0);
    }

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            LibOpus.DecoderDestroy(handle);
            handle = IntPtr.Zero;
        }
    }
}
