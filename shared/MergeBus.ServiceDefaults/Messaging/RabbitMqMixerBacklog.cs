using MergeBus.Protocol.Jobs;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>Messages ready in the Mixer's queue (mix-tracks), by a passive declare: it never creates the queue.</summary>
public sealed class RabbitMqMixerBacklog(RabbitMqSettings settings) : IMixerBacklog
{
    public const string MixerQueue = "mix-tracks";

    public async Task<long?> CountAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            ClientProvidedName = "mergebus-queue-report",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var queue = await channel.QueueDeclarePassiveAsync(MixerQueue, cancellationToken);
            return queue.MessageCount;
        }
        catch (OperationInterruptedException)
        {
            // No Mixer has declared its queue yet.
            return null;
        }
    }
}
