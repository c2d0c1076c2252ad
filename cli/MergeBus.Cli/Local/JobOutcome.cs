using MergeBus.Contracts;

namespace MergeBus.Cli.Local;

public sealed record JobOutcome(bool Succeeded, string? Reason, IReadOnlyList<PublishedArtifact> Artifacts, int Attempts,
    TransferCounts? Transfer = null);
