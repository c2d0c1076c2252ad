using System.Buffers.Binary;

namespace MergeBus.Media.Wav;

/// <summary>
/// WAVE_FORMAT_EXTENSIBLE speaker positions for a file with one voice per channel. A BS.1770 meter weights a
/// channel by its position: LFE counts 0 and side/back 1.41. A file that names no positions (mask 0) gets the
/// reader's guess, and ffmpeg guesses 2.1 for three channels: the third person is read as LFE and vanishes from
/// any loudness reading of the file. Only front and top-front positions count 1.0, so up to nine channels get one
/// each, in channel order; beyond nine no such set exists and the mask stays 0.
/// </summary>
public static class DiscreteChannelMask
{
    // FL, FR, FC, FLC, FRC, TC, TFL, TFC, TFR: ascending bits, so channel i is position i.
    private static readonly uint[] FullWeight = [0x1, 0x2, 0x4, 0x40, 0x80, 0x800, 0x1000, 0x2000, 0x4000];

    public const int MaxChannels = 9;

    /// <summary>The mask for <paramref name="channels"/> discrete voices; 0 when there are more than nine.</summary>
    public static uint For(int channels) =>
        channels is < 1 or > MaxChannels ? 0 : FullWeight.Take(channels).Aggregate(0u, (mask, bit) => mask | bit);

    /// <summary>
    /// Writes the mask into a finished WAV whose fmt chunk is WAVE_FORMAT_EXTENSIBLE (what any writer uses above two
    /// channels); false, and nothing written, for any other header.
    /// </summary>
    public static bool Declare(string path, int channels)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> riff = stackalloc byte[12];
        if (file.Read(riff) != 12 || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..].SequenceEqual("WAVE"u8)) return false;
        while (file.Read(chunk) == 8)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (!chunk[..4].SequenceEqual("fmt "u8))
            {
                file.Seek(size + (size & 1), SeekOrigin.Current);
                continue;
            }

            Span<byte> format = stackalloc byte[24];
            if (size < 40 || file.Read(format) != 24) return false;
            if (BinaryPrimitives.ReadUInt16LittleEndian(format) != 0xFFFE || BinaryPrimitives.ReadUInt16LittleEndian(format[2..]) != channels) return false;
            file.Seek(-4, SeekOrigin.Current);
            Span<byte> mask = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(mask, For(channels));
            file.Write(mask);
            return true;
        }

        return false;
    }
}
