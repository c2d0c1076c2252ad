using System.Runtime.InteropServices;

namespace MergeBus.Media.Opus;

/// <summary>
/// The few libopus entry points we call (opus_defines.h, opus.h), from Debian's <c>libopus0</c>
/// (<c>libopus.so.0</c>; the unversioned <c>libopus.so</c> only comes with the -dev package).
/// </summary>
internal static partial class LibOpus
{
    public const string Library = "libopus.so.0";

    public const int ApplicationAudio = 2049;
    public const int SetBitrateRequest = 4002;
    public const int SetMaxBandwidthRequest = 4004;
    public const int SetVbrRequest = 4006;
    public const int SetComplexityRequest = 4010;
    public const int SetVbrConstraintRequest = 4020;
    public const int GetLookaheadRequest = 4027;

    [LibraryImport(Library, EntryPoint = "opus_get_version_string")]
    public static partial IntPtr GetVersionString();

    [LibraryImport(Library, EntryPoint = "opus_strerror")]
    public static partial IntPtr StrError(int error);

    [LibraryImport(Library, EntryPoint = "opus_decoder_create")]
    public static partial IntPtr DecoderCreate(int sampleRate, int channels, out int error);

    [LibraryImport(Library, EntryPoint = "opus_decode_float")]
    public static partial int DecodeFloat(IntPtr decoder, ref byte data, int length, ref float pcm, int frameSize, int decodeFec);

    [LibraryImport(Library, EntryPoint = "opus_decoder_destroy")]
    public static partial void DecoderDestroy(IntPtr decoder);

    [LibraryImport(Library, EntryPoint = "opus_encoder_create")]
    public static partial IntPtr EncoderCreate(int sampleRate, int channels, int application, out int error);

    [LibraryImport(Library, EntryPoint = "opus_encode_float")]
    public static partial int EncodeFloat(IntPtr encoder, ref float pcm, int frameSize, ref byte data, int maxDataBytes);

    // opus_encoder_ctl is variadic; with integer and pointer arguments the x86-64 and AArch64 Linux calling
    // conventions pass them exactly like fixed arguments.
    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int EncoderCtl(IntPtr encoder, int request, int value);

    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int EncoderCtl(IntPtr encoder, int request, out int value);

    [LibraryImport(Library, EntryPoint = "opus_encoder_destroy")]
    public static partial void EncoderDestroy(IntPtr encoder);

    public static string Describe(int error) => Marshal.PtrToStringAnsi(StrError(error)) ?? $"error {error}";
}
