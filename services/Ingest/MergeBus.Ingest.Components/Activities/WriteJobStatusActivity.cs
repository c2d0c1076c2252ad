using MassTransit;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>Keeps livekit:egress:merge:status:&lt;id&gt; in step with the saga, for operators (spec §1).</summary>
public sealed class WriteJobStatusActivity(IJobStatusStore statusStore, WorkerIdentity worker) : MergeJobActivity("write-job-status")
{
    protected override Task RunAsync(BehaviorContext<MergeJobState> context) =>
        statusStore.SetAsync(JobStatusRecord.From(context.Saga, worker.WorkerId), context.CancellationToken);
}
