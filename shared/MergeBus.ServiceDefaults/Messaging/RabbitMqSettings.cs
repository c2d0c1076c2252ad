namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>mergebus.rabbitmq: the broker of the RabbitMQ transport. The password is never printed.</summary>
public sealed record RabbitMqSettings
{
    public string Host { get; init; } = "127.0.0.1";
    public ushort Port { get; init; } = 5672;
    public string VirtualHost { get; init; } = "/";
    public string Username { get; init; } = "guest";
    public string Password { get; init; } = "guest";

    /// <summary>Prefetch of every endpoint unless a consumer definition sets its own.</summary>
    public int? PrefetchCount { get; init; }

    public override string ToString() => $"amqp://{Host}:{Port}/{(VirtualHost == "/" ? "" : VirtualHost)}";
}
