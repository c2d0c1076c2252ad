using MergeBus.LiveKit.Wire;

namespace MergeBus.Ingest.Components.LiveKit.Twirp;

/// <summary>Asks LiveKit which egresses a room has (ListEgress), for a room whose egress_ended webhooks did not all come.</summary>
public interface ILiveKitEgressLookup
{
    /// <summary>The room's egresses.</summary>
    /// <exception cref="LiveKitLookupException">LiveKit could not be asked, or answered with an error.</exception>
    Task<IReadOnlyList<EgressInfo>> ListEgressAsync(string roomName, CancellationToken cancellationToken);
}
