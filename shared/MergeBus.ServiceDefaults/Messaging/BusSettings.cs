namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>Which transport carries MergeBus messages. In-memory runs everything in one process.</summary>
public sealed record BusSettings
{
    public const string InMemoryTransport = "inmemory";
    public const string RabbitMqTransport = "rabbitmq";

    public string Transport { get; init; } = InMemoryTransport;
    public RabbitMqSettings RabbitMq { get; init; } = new();
}
