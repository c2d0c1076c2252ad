namespace MergeBus.Protocol.Mixing;

/// <summary>
/// The mix formats we write and their file extensions, the one list of them (the Mixer's encoder settings key on
/// these names). ogg_opus and wav_pcm come from the spec; mp3 and flac are ours.
/// </summary>
public static class OutputFormats
{
    public const string OggOpus = "ogg_opus";
    public const string WavPcm = "wav_pcm";
    public const string Mp3 = "mp3";
    public const string Flac = "flac";

    private static readonly Dictionary<string, string> Extensions = new()
    {
        [OggOpus] = ".ogg",
        [WavPcm] = ".wav",
        [Mp3] = ".mp3",
        [Flac] = ".flac",
    };

    public static IReadOnlyCollection<string> All => Extensions.Keys;

    /// <summary>The file extension, with its dot (".ogg").</summary>
    public static string ExtensionOf(string format) =>
        Extensions.TryGetValue(format, out var extension) ? extension : throw Unknown(format);

    /// <summary>Known, de-duplicated, in the order asked; ogg_opus when nothing is asked.</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<string>? formats)
    {
        var chosen = (formats ?? []).Select(f => f.Trim().ToLowerInvariant()).Where(f => f.Length > 0).Distinct().ToList();
        if (chosen.Count == 0) return [OggOpus];
        var unknown = chosen.FirstOrDefault(f => !Extensions.ContainsKey(f));
        return unknown is null ? chosen : throw Unknown(unknown);
    }

    public static PermanentMergeException Unknown(string format) =>
        new($"unknown output format '{format}': use one of {string.Join(", ", Extensions.Keys)}");
}
