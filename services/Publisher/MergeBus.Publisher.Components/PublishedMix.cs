using MergeBus.Contracts;

namespace MergeBus.Publisher.Components;

public sealed record PublishedMix(IReadOnlyList<PublishedArtifact> Artifacts, TransferCounts Transfer);
