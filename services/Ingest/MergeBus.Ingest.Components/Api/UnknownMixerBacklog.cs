using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Api;

/// <summary>The in-memory transport (one process) has no queue to count.</summary>
public sealed class UnknownMixerBacklog : IMixerBacklog
{
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}
