using MergeBus.Protocol.Jobs;

namespace MergeBus.Cli.Local;

public sealed record LocalMergeResult(string JobId, JobOutcome Outcome, MergeJob Status, string ManifestPath);
