namespace MergeBus.Ingest.Components.Api;

/// <summary>GET /queue.</summary>
public sealed record QueueReport(long Pending, long Processing, long Dead, IReadOnlyDictionary<string, int> Sagas, long? MixerBacklog);
