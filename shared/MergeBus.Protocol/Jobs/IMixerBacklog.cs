namespace MergeBus.Protocol.Jobs;

/// <summary>How many messages wait in the Mixer's queue (mix-tracks); null when the transport cannot tell.</summary>
public interface IMixerBacklog
{
    Task<long?> CountAsync(CancellationToken cancellationToken);
}
