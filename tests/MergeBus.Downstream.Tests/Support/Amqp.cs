using MergeBus.LoopbackServers;
using RabbitMQ.Client;

namespace MergeBus.Downstream.Tests.Support;

public static class Amqp
{
    /// <summary>A plain AMQP connection to a deployment's vhost, as any non-.NET app would open one.</summary>
    public static Task<IConnection> ConnectAsync(MergeBus.Distributed.Tests.Support.Deployment deployment) =>
        new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = deployment.Cluster.RabbitMq.Port,
            VirtualHost = deployment.VirtualHost,
            UserName = RabbitMqServer.Username,
            Password = RabbitMqServer.Password,
        }.CreateConnectionAsync();
}
