using MassTransit;
using MergeBus.Publisher.Components.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Publisher.Components;

public static class PublisherExtensions
{
    public static IServiceCollection AddPublisherServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IMixPublisher, MixPublisher>();
        return services;
    }

    public static void AddPublisherConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PublishMixConsumer, PublishMixConsumerDefinition>();
        bus.AddConsumer<RecordMergeFailureConsumer, RecordMergeFailureConsumerDefinition>();
    }
}
