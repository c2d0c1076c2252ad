using MergeBus.Configuration.Ingest;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components.History;

public static class HistoryExtensions
{
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

        MartenJobHistoryRegistration.Add(services, settings);
        return services;
    }

    /// <summary>The consumer feeding the history, on its own endpoint; only when the history is on.</summary>
    public static void AddJobHistoryConsumer(this IBusRegistrationConfigurator bus, HistorySettings settings)
    {
        if (settings.Enabled) bus.AddConsumer<JobHistoryConsumer, JobHistoryConsumerDefinition>();
    }
}
