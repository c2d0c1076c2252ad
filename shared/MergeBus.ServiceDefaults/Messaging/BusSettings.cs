namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>Which transport carries MergeBus messages. In-memory runs everything in one process.</summary>
public sealed record BusSettings
{
    public const string InMemoryTransport = "inmemory";
    public const string RabbitMqTransport = "rabbitmq";

    public string Transport { get; init; } = InMemoryTransport;
    public RabbitMqSettings RabbitMq { get; init; } = new();
}

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
