using MassTransit;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>One row of the step table (<see cref="MergeJobSteps"/>): every fact the saga needs about a step.</summary>
public sealed record MergeJobStep
{
    /// <summary>The step's name in messages, status keys and history (<see cref="MergeSteps"/>).</summary>
    public required string Name { get; init; }
    /// <summary>The saga's state while the step runs; the history and the API show the same name.</summary>
    public required string State { get; init; }
    /// <summary>The queue of the step's command (<see cref="StepEndpoints"/>).</summary>
    public required string Endpoint { get; init; }
    public required Type Command { get; init; }
    /// <summary>The reply that ends the step; a <see cref="Contracts.MergeStepFailed"/> or Fault&lt;Command&gt; fails it.</summary>
    public required Type Reply { get; init; }
    /// <summary>Retry rule: the step can run again from what the saga kept (else a retry starts from an earlier step).</summary>
    public required Func<MergeJobState, bool> CanRunAgain { get; init; }
    /// <summary>The step's command for the saga's current try.</summary>
    public required Func<MergeJobState, object> CommandFor { get; init; }

    public Uri Address => StepEndpoints.AddressOf(Endpoint);

    /// <summary>Sends the command as its own type (not as object), to the step's queue.</summary>
    public async Task SendCommandAsync(ConsumeContext context, MergeJobState saga)
    {
        var endpoint = await context.GetSendEndpoint(Address);
        await endpoint.Send(CommandFor(saga), Command, context.CancellationToken);
    }
}
