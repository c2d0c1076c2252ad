using MassTransit;

namespace MergeBus.Redis.Tests.Saga;

public sealed class TestSaga : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string? CurrentState { get; set; }

    public int Version { get; set; }

    public int Starts { get; set; }

    public List<string> Notes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
