using MassTransit;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>A completed job's own master key is deleted. A dead-lettered job keeps it for a retry, until its TTL.</summary>
public sealed class ReleaseJobKeyActivity(IJobKeyVault keyVault) : IStateMachineActivity<MergeJobState>
{
    public void Probe(ProbeContext context) => context.CreateScope("release-job-key");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<MergeJobState> context, IBehavior<MergeJobState> next)
    {
        await keyVault.RemoveAsync(context.Saga.JobId, context.CancellationToken);
        await next.Execute(context);
    }

    public async Task Execute<T>(BehaviorContext<MergeJobState, T> context, IBehavior<MergeJobState, T> next)
        where T : class
    {
        await keyVault.RemoveAsync(context.Saga.JobId, context.CancellationToken);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<MergeJobState, TException> context,
        IBehavior<MergeJobState> next) where TException : Exception => next.Faulted(context);

    public Task Faulted<T, TException>(BehaviorExceptionContext<MergeJobState, T, TException> context,
        IBehavior<MergeJobState, T> next) where T : class where TException : Exception => next.Faulted(context);
}
