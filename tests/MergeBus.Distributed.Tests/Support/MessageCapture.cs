using System.Text;
using RabbitMQ.Client;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>
/// A queue bound to every MergeBus message exchange of a vhost, so a test can read every message the services
/// exchanged. Exchanges are declared the way MassTransit declares them (fanout, durable) before the services start.
/// </summary>
public sealed class MessageCapture : IAsyncDisposable
{
    private const string QueueName = "test-capture";
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly HashSet<string> bound = [];

    private MessageCapture(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<MessageCapture> StartAsync(Deployment deployment)
    {
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = deployment.Cluster.RabbitMq.Port,
            VirtualHost = deployment.VirtualHost,
            UserName = MergeBus.LoopbackServers.RabbitMqServer.Username,
            Password = MergeBus.LoopbackServers.RabbitMqServer.Password,
        };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(QueueName, durable: false, exclusive: false, autoDelete: false);
        var capture = new MessageCapture(connection, channel);
        foreach (var type in typeof(MergeBus.Contracts.SubmitMergeJob).Assembly.GetExportedTypes()
                     .Where(t => t.Namespace == "MergeBus.Contracts"))
        {
            await capture.BindAsync($"MergeBus.Contracts:{type.Name}");
            await capture.BindAsync($"MassTransit:Fault--MergeBus.Contracts:{type.Name}--");
        }
        return capture;
    }

    /// <summary>Also binds exchanges the services created themselves.</summary>
    public async Task BindExistingAsync(Deployment deployment)
    {
        var (_, output) = await deployment.Cluster.RabbitMq.RunControlAsync(TimeSpan.FromSeconds(30),
            "list_exchanges", "-p", deployment.VirtualHost, "--no-table-headers", "--quiet", "name", "type");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && parts[1] == "fanout" && parts[0].Length > 0 && !parts[0].StartsWith("amq."))
                await BindAsync(parts[0]);
        }
    }

    private async Task BindAsync(string exchange)
    {
        if (!bound.Add(exchange)) return;
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueBindAsync(QueueName, exchange, "");
    }

    public async Task<IReadOnlyList<string>> DrainAsync()
    {
        var bodies = new List<string>();
        while (await channel.BasicGetAsync(QueueName, autoAck: true) is { } message)
            bodies.Add(Encoding.UTF8.GetString(message.Body.Span));
        return bodies;
    }

    public async ValueTask DisposeAsync()
    {
        await channel.CloseAsync();
        await connection.CloseAsync();
        channel.Dispose();
        connection.Dispose();
    }
}
