using StackExchange.Redis;

namespace MergeBus.Redis.Connection;

/// <summary>The egress queue's own connection for its blocking wait; the container disposes it with the host.</summary>
public sealed class ClaimConnection(ConnectionMultiplexer connection) : IDisposable
{
    public IConnectionMultiplexer Connection => connection;

    public void Dispose() => connection.Dispose();
}
