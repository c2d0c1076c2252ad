using MergeBus.Configuration.Ingest;
using MergeBus.Protocol.Jobs;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components.History;

public static class HistoryExtensions
{
    private static readonly Type[] EventTypes =
    [
        typeof(JobSubmitted), typeof(StepStarted), typeof(StepSucceeded), typeof(StepFailed), typeof(InputsRead),
        typeof(MixMade), typeof(JobCompleted), typeof(JobDeadLettered), typeof(RetryRequested),
    ];

    /// <summary>
    /// The job history on Marten when a connection string is set; otherwise the reader answers from the Redis saga
    /// store. Nothing connects at start: a PostgreSQL that is down only delays the history.
    /// </summary>
    public static IServiceCollection AddJobHistory(this IServiceCollection services, HistorySettings settings, TimeSpan sagaRetention)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton(new SagaRetention(sagaRetention));
        if (!settings.Enabled)
        {
            services.TryAddSingleton<IJobHistoryReader, RedisSagaJobHistoryReader>();
            return services;
        }

        services.AddMarten(options =>
        {
            options.Connection(settings.ConnectionString);
            options.DatabaseSchemaName = settings.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.DisableNpgsqlLogging = true;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes(EventTypes);
            options.Projections.Snapshot<JobSummary>(SnapshotLifecycle.Inline);
            options.Schema.For<JobSummary>().Index(j => j.SortKey).Index(j => j.Room).Index(j => j.SessionId).Index(j => j.State);
            options.Schema.For<RecordedMessage>();
        });
        services.TryAddSingleton<IJobHistoryRecorder, MartenJobHistoryRecorder>();
        services.TryAddSingleton<IJobHistoryReader, MartenJobHistoryReader>();
        services.TryAddSingleton<JobHistorySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<JobHistorySweeper>());
        return services;
    }

    /// <summary>The consumer feeding the history, on its own endpoint; only when the history is on.</summary>
    public static void AddJobHistoryConsumer(this IBusRegistrationConfigurator bus, HistorySettings settings)
    {
        if (settings.Enabled) bus.AddConsumer<JobHistoryConsumer, JobHistoryConsumerDefinition>();
    }
}
