namespace MergeBus.LiveKit.Manifests;

/// <summary>A manifest built from a LiveKit room session, ready to write beside its recordings.</summary>
public sealed record LiveKitManifest
{
    /// <summary>manifest.json in our format (docs/protocol.md), with the MergeBus addition <c>livekit</c>.</summary>
    public required string Json { get; init; }
    /// <summary>Where to write it.</summary>
    public required string ManifestKey { get; init; }
    /// <summary>The storage keys of the files it mixes.</summary>
    public IReadOnlyList<string> FileKeys { get; init; } = [];
    /// <summary>One line each: tracks not recorded, egresses failed or ignored, files without a hash.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
