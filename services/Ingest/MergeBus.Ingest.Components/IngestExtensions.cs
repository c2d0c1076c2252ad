using MassTransit;
using MergeBus.Ingest.Components.Activities;
using MergeBus.Ingest.Components.Queue;
using MergeBus.Ingest.Components.Recovery;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.LiveKit;
using MergeBus.Protocol.Jobs;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Redis.Saga;
using MergeBus.Steps;
using MergeBus.Ingest.Components.Telemetry;
using MergeBus.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components;

public static class IngestExtensions
{
    /// <summary>
    /// Ingest: the merge saga and its definition, the job submitter, the saga's activities and, when distributed,
    /// the egress queue listener, the staging janitor and the stalled-job sweeper. Storage, the status store and
    /// the key vault come from the host.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IngestOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(options.StalledJobs);
        services.TryAddSingleton(new StorageLocation(options.Bucket));
        services.TryAddSingleton(new WorkerIdentity(options.WorkerId));
        services.TryAddSingleton(JobKeyLifetime.ForSagaRetention(options.SagaRetention));
        services.TryAddScoped<IJobSubmitter, JobSubmitter>();
        services.TryAddScoped<WriteJobStatusActivity>();
        services.TryAddScoped<ReleaseJobKeyActivity>();
        services.AddBusComponent(bus =>
        {
            var saga = bus.AddSagaStateMachine<MergeJobStateMachine, MergeJobState, MergeJobStateDefinition>();
            if (options.Distributed)
            {
                saga.Repository(r => r.UseMergeBusRedis(o =>
                {
                    o.Retention = options.SagaRetention;
                    foreach (var state in MergeJobStates.Final) o.FinalStates.Add(state);
                }));
            }
            else
            {
                saga.InMemoryRepository();
            }
        });
        if (options.Distributed)
        {
            services.AddHostedService<EgressQueueListener>();
            services.AddHostedService<StagingJanitor>();
            services.AddHostedService<StalledJobSweeper>();
            services.AddHostedService<QueueDepthGauges>();
            services.AddMergeBusWebhooks(options.Webhooks);
            services.AddBusComponent(bus => bus.AddWebhookConsumers(options.Webhooks));
            services.AddJobHistory(options.History, options.SagaRetention);
            services.AddBusComponent(bus => bus.AddJobHistoryConsumer(options.History));
            services.TryAddSingleton(options.Api);
            if (options.MixerBacklog is not null) services.TryAddSingleton(options.MixerBacklog);
            if (options.LiveKit.Enabled) services.AddLiveKitIntake(options.LiveKit);
        }
        services.AddApiRateLimits(options.Api);
        services.TryAddScoped<JobRetrier>();
        services.TryAddScoped<QueueStats>();
        services.TryAddSingleton<IMixerBacklog, UnknownMixerBacklog>();
        return services;
    }
}
