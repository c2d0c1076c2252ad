namespace MergeBus.Contracts;

/// <summary>Asks the saga to merge one recorded session. Idempotent per <see cref="JobId"/>.</summary>
public record SubmitMergeJob
{
    public required string JobId { get; init; }
    public required string ManifestPath { get; init; }
    public string SessionId { get; init; } = "";
    /// <summary>Unix nanoseconds, as the egress wrote it.</summary>
    public long CreatedAt { get; init; }
    /// <summary>Overrides the manifest/default layout: mix, per_participant, dual_channel_agent, dual_channel_alternate.</summary>
    public string? Layout { get; init; }
    /// <summary>Overrides the manifest's formats.</summary>
    public IReadOnlyList<string>? Formats { get; init; }
    /// <summary>Speaker leveling, off or speech: overrides the manifest's loudness and mergebus.loudness.</summary>
    public string? Loudness { get; init; }
    /// <summary>Where the job came from: queue, api, cli.</summary>
    public string Source { get; init; } = "api";
    /// <summary>The job's encryption mode (none, aes_256, …). Never the key: that stays in the key vault.</summary>
    public string? EncryptionMode { get; init; }
}
