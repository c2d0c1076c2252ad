using MassTransit;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>One row of the step table (<see cref="MergeJobSteps"/>): every fact the saga needs about a step.</summary>
/// <param name="Name">The step's name in messages, status keys and history (<see cref="MergeSteps"/>).</param>
/// <param name="State">The saga's state while the step runs; the history and the API show the same name.</param>
/// <param name="Endpoint">The queue of the step's command (<see cref="StepEndpoints"/>).</param>
/// <param name="Command">What the saga sends to start a try.</param>
/// <param name="Reply">What ends the step; a MergeStepFailed or a Fault of the command fails the try.</param>
/// <param name="CanRunAgain">Retry rule: the step can run again from what the saga kept (else a retry starts earlier).</param>
/// <param name="CommandFor">The step's command for the saga's current try.</param>
public sealed record MergeJobStep(
    string Name, string State, string Endpoint, Type Command, Type Reply,
    Func<MergeJobState, bool> CanRunAgain, Func<MergeJobState, object> CommandFor)
{
    public Uri Address => StepEndpoints.AddressOf(Endpoint);

    /// <summary>Sends the command as its own type (not as object), to the step's queue.</summary>
    public async Task SendCommandAsync(ConsumeContext context, MergeJobState saga)
    {
        var endpoint = await context.GetSendEndpoint(Address);
        await endpoint.Send(CommandFor(saga), Command, context.CancellationToken);
    }
}
