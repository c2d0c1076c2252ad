using MergeBus.Protocol.Manifests;

namespace MergeBus.Cli.Local;

/// <summary>One merge of a session held in a local folder.</summary>
public sealed record LocalMergeOptions
{
    public required string ManifestPath { get; init; }
    public string? Layout { get; init; }
    public IReadOnlyList<string>? Formats { get; init; }
    /// <summary>Speaker leveling: off or speech (null: the manifest's, else off).</summary>
    public string? Loudness { get; init; }
    /// <summary>Base64 master key for encrypted sessions. Kept in the in-process key vault only.</summary>
    public string? MasterKey { get; init; }
    /// <summary>Stems and the output sample rate: mergebus.outputs.* from the environment, then --stems and --sample-rate.</summary>
    public MergeBus.Configuration.Outputs.OutputSettings Outputs { get; init; } = new();
    public MergeLimits Limits { get; init; } = new();
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(6);
    public string? TempDirectory { get; init; }
}
