namespace MergeBus.Ingest.Components;

/// <summary>MERGE_WORKER_ID, or the host name.</summary>
public sealed record WorkerIdentity(string WorkerId);
