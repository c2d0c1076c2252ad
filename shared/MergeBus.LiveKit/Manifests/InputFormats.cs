using MergeBus.Protocol.Mixing;

namespace MergeBus.LiveKit.Manifests;

/// <summary>The manifest <c>format</c> of an egress file, by its extension.</summary>
internal static class InputFormats
{
    public static string Of(string filename) => Path.GetExtension(filename).ToLowerInvariant() switch
    {
        ".ogg" or ".oga" or ".opus" => OutputFormats.OggOpus,
        ".wav" => OutputFormats.WavPcm,
        ".mp3" => OutputFormats.Mp3,
        ".flac" => OutputFormats.Flac,
        // Said as it is, so that the merge's refusal names it.
        var other => other.TrimStart('.'),
    };
}
