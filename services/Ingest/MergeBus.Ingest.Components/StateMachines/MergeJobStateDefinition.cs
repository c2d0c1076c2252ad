using MassTransit;

namespace MergeBus.Ingest.Components.StateMachines;

public sealed class MergeJobStateDefinition : SagaDefinition<MergeJobState>
{
    public MergeJobStateDefinition() => EndpointName = "merge-job-state";

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<MergeJobState> sagaConfigurator, IRegistrationContext context)
    {
        // Two events for one job racing each other: the loser re-reads the saga and tries again.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Intervals(10, 50, 100, 250, 500, 1000);
        });
        // Commands and events leave only once the saga's new state is saved.
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
