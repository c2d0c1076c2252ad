using MassTransit;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>A completed job's own master key is deleted. A dead-lettered job keeps it for a retry, until its TTL.</summary>
public sealed class ReleaseJobKeyActivity(IJobKeyVault keyVault) : MergeJobActivity("release-job-key")
{
    protected override Task RunAsync(BehaviorContext<MergeJobState> context) =>
        keyVault.RemoveAsync(context.Saga.JobId, context.CancellationToken);
}
