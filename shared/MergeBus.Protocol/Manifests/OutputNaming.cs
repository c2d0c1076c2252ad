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
    /// <exception cref="PermanentMergeException">The mix or speech.json would overwrite an input or the manifest.</exception>
    public static string KeyFor(string manifestKey, Manifest manifest, string format)
    {
        var key = KeyPaths.Combine(KeyPaths.DirectoryOf(manifestKey), FileNameFor(manifest, format));
        RefuseOverwrites(manifestKey, manifest, key);
        return key;
    }

    /// <summary>
    /// An output never replaces what the job reads: the manifest, any input, or another of its outputs. Keys are
    /// compared resolved ("./a" is "a") and ignoring case, since some stores and disks do.
    /// </summary>
    private static void RefuseOverwrites(string manifestKey, Manifest manifest, string outputKey)
    {
        var speechIndexKey = SpeechIndexKeyFor(manifestKey);
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [manifestKey] = "the manifest" };
        foreach (var artifact in manifest.Participants.SelectMany(p => p.Artifacts))
        {
            try
            {
                taken.TryAdd(StorageUriResolver.Resolve(manifestKey, artifact.StorageUri, bucket: null), "an input");
            }
            catch (PermanentMergeException)
            {
                // Refused where the input is read, with its own reason.
            }
        }

        foreach (var (key, name) in new[] { (outputKey, OutputName(manifest)), (speechIndexKey, "speech.json") })
        {
            if (taken.TryGetValue(key, out var what))
                throw new PermanentMergeException($"{name} would overwrite {what}: '{KeyPaths.Shorten(key)}'");
        }

        if (string.Equals(outputKey, speechIndexKey, StringComparison.OrdinalIgnoreCase))
            throw new PermanentMergeException($"{OutputName(manifest)} would overwrite another output: '{KeyPaths.Shorten(outputKey)}'");
    }

    private static string OutputName(Manifest manifest) =>
        string.IsNullOrWhiteSpace(manifest.DirectMixPath) ? "the mix" : $"direct_mix_path '{KeyPaths.Shorten(manifest.DirectMixPath.Trim())}'";

    /// <summary>speech.json, beside the mix (and the manifest).</summary>
    public static string SpeechIndexKeyFor(string manifestKey) =>
        KeyPaths.Combine(KeyPaths.DirectoryOf(manifestKey), ArtifactFormats.SpeechJsonFileName);

    /// <summary>Every output key, by format.</summary>
    public static IReadOnlyDictionary<string, string> KeysFor(string manifestKey, Manifest manifest) =>
        FormatsOf(manifest).ToDictionary(f => f, f => KeyFor(manifestKey, manifest, f), StringComparer.Ordinal);
}
