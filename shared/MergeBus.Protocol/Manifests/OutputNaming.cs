using MergeBus.Protocol.Mixing;

namespace MergeBus.Protocol.Manifests;

/// <summary>Where the mix goes: beside the manifest, as room_mix_{room} or direct_mix_path (spec §2).</summary>
public static class OutputNaming
{
    /// <summary>The formats to produce: the manifest's, or ogg_opus when it names none.</summary>
    public static IReadOnlyList<string> FormatsOf(Manifest manifest) => OutputFormats.Validate(manifest.Formats);

    /// <summary>The mix's file name for one format, e.g. "room_mix_call-1.ogg".</summary>
    public static string FileNameFor(Manifest manifest, string format)
    {
        var extension = OutputFormats.ExtensionOf(format);
        if (string.IsNullOrWhiteSpace(manifest.DirectMixPath))
            return $"room_mix_{NameSanitizer.Sanitize(manifest.RoomName)}{extension}";

        var name = manifest.DirectMixPath.Trim();
        // A file name only: the mix must land beside the manifest, never elsewhere in the bucket.
        if (name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal) || name.Contains('\0'))
            throw KeyPaths.Escapes("direct_mix_path", name, KeyPaths.SessionFolder);
        var dot = name.LastIndexOf('.');
        return (dot > 0 ? name[..dot] : name) + extension;
    }

    /// <summary>The mix's storage key for one format.</summary>
    public static string KeyFor(string manifestKey, Manifest manifest, string format) =>
        KeyPaths.Combine(KeyPaths.DirectoryOf(manifestKey), FileNameFor(manifest, format));

    /// <summary>speech.json, beside the mix (and the manifest).</summary>
    public static string SpeechIndexKeyFor(string manifestKey) =>
        KeyPaths.Combine(KeyPaths.DirectoryOf(manifestKey), ArtifactFormats.SpeechJsonFileName);

    /// <summary>Every output key, by format.</summary>
    public static IReadOnlyDictionary<string, string> KeysFor(string manifestKey, Manifest manifest) =>
        FormatsOf(manifest).ToDictionary(f => f, f => KeyFor(manifestKey, manifest, f), StringComparer.Ordinal);
}
