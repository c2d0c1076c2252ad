using MassTransit;
using MergeBus.Ingest.Components.Activities;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.StateMachines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components;

public static class IngestExtensions
{
    public static IServiceCollection AddIngestServices(this IServiceCollection services)
    {
        services.TryAddSingleton(new StorageLocation(null));
        services.TryAddScoped<IJobSubmitter, JobSubmitter>();
        services.TryAddScoped<WriteJobStatusActivity>();
        services.TryAddScoped<ReleaseJobKeyActivity>();
        services.TryAddScoped<JobRetrier>();
        services.TryAddScoped<QueueStats>();
        services.TryAddSingleton<IMixerBacklog, UnknownMixerBacklog>();
        services.TryAddSingleton(new ApiSettings());
        return services;
    }

    /// <summary>The merge saga, on whatever repository the host chooses (in-memory, or Redis when distributed).</summary>
    public static void AddMergeJobSaga(this IBusRegistrationConfigurator bus,
        Action<ISagaRegistrationConfigurator<MergeJobState>> repository) =>
        repository(bus.AddSagaStateMachine<MergeJobStateMachine, MergeJobState, MergeJobStateDefinition>());
}
