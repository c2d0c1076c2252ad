using MassTransit;
using MergeBus.Ingest.Components.FaultInjection;
using MergeBus.Steps;
using StackExchange.Redis;

namespace MergeBus.Ingest.Components.StateMachines;

public sealed class MergeJobStateDefinition : SagaDefinition<MergeJobState>
{
    public MergeJobStateDefinition() => EndpointName = StepEndpoints.MergeJobState;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<MergeJobState> sagaConfigurator, IRegistrationContext context)
    {
        // Redis restarting or failing over: the saga waits for it instead of faulting the message.
        endpointConfigurator.UseMessageRetry(r =>
        {
            // An activity's Redis error reaches the filter wrapped (EventExecutionException): look through the chain.
            r.Handle<Exception>(IsRedisUnavailable);
            r.Intervals(250, 500, 1000, 2000, 4000, 8000, 15000);
        });
        // Two events for one job racing each other: the loser re-reads the saga and tries again.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Intervals(10, 50, 100, 250, 500, 1000);
        });
        // Outside the outbox: a crash here has sent everything; the redelivered message must not fault nor strand.
        if (CrashPoints.IsArmed(CrashPoints.AfterSagaSend)) endpointConfigurator.UseFilter(new CrashPointFilter(CrashPoints.AfterSagaSend));
        // Commands and events leave only once the saga's new state is saved. A crash in between loses them; the
        // redelivered trigger and the stalled-job sweeper send them again.
        endpointConfigurator.UseInMemoryOutbox(context);
        if (CrashPoints.IsArmed(CrashPoints.AfterSagaSave)) endpointConfigurator.UseFilter(new CrashPointFilter(CrashPoints.AfterSagaSave));
    }

    /// <summary>Redis down, restarting (LOADING) or failing over (a replica answering READONLY, MASTERDOWN).</summary>
    private static bool IsRedisUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException) return true;
            if (e is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal)
                    || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
                    || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }
}
