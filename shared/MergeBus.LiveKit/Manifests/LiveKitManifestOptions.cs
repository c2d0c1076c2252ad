namespace MergeBus.LiveKit.Manifests;

/// <summary>How <see cref="LiveKitManifestBuilder"/> writes the manifest.</summary>
public sealed record LiveKitManifestOptions
{
    /// <summary>
    /// The manifest's key, with <c>{room_name}</c> (sanitized) and <c>{room_id}</c>; a trailing '/' means
    /// "manifest.json in this folder". Null: manifest.json in the common folder of the files. Every file must be
    /// inside the manifest's folder (the merge reads nothing outside it).
    /// </summary>
    public string? ManifestPath { get; init; }

    /// <summary>
    /// Hex SHA-256 of each file's stored bytes, by its key (<c>FileInfo.filename</c>). Stock egress reports none;
    /// the caller hashes what it can read. A file without one gets no sha256, and the merge refuses it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Sha256ByKey { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Stored size of each file, by its key, when the caller measured it; otherwise the size EgressInfo reports.
    /// </summary>
    public IReadOnlyDictionary<string, long> SizeByKey { get; init; } = new Dictionary<string, long>();

    /// <summary>Mix formats wanted (protocol §2 <c>formats</c>).</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["ogg_opus"];

    /// <summary>Stock track egress writes Opus, which is 48 kHz.</summary>
    public int SampleRate { get; init; } = 48000;

    public int ChannelCount { get; init; } = 2;

    /// <summary>
    /// The room is known to be over (the CLI's --room-finished): audio egresses that never ended are listed as
    /// not mixed instead of failing the build.
    /// </summary>
    public bool AllowUnended { get; init; }
}
