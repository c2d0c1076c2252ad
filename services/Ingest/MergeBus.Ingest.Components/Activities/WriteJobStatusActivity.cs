using MassTransit;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>Keeps livekit:egress:merge:status:&lt;id&gt; in step with the saga, for operators (spec §1).</summary>
public sealed class WriteJobStatusActivity(IJobStatusStore statusStore, WorkerIdentity worker)
    : IStateMachineActivity<MergeJobState>
{
    public void Probe(ProbeContext context) => context.CreateScope("write-job-status");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<MergeJobState> context, IBehavior<MergeJobState> next)
    {
        await Write(context);
        await next.Execute(context);
    }

    public async Task Execute<T>(BehaviorContext<MergeJobState, T> context, IBehavior<MergeJobState, T> next)
        where T : class
    {
        await Write(context);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<MergeJobState, TException> context,
        IBehavior<MergeJobState> next) where TException : Exception => next.Faulted(context);

    public Task Faulted<T, TException>(BehaviorExceptionContext<MergeJobState, T, TException> context,
        IBehavior<MergeJobState, T> next) where T : class where TException : Exception => next.Faulted(context);

    private Task Write(BehaviorContext<MergeJobState> context) =>
        statusStore.SetAsync(JobStatusRecord.From(context.Saga, worker.WorkerId), context.CancellationToken);
}
