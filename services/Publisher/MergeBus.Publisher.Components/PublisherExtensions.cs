using MassTransit;
using MergeBus.Publisher.Components.Consumers;
using MergeBus.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Publisher.Components;

public static class PublisherExtensions
{
    /// <summary>The Publisher: its consumers and definitions (publish-mix, record-merge-failure) and the mix publisher.</summary>
    public static IServiceCollection AddPublisher(this IServiceCollection services)
    {
        services.TryAddSingleton<IMixPublisher, MixPublisher>();
        services.AddBusComponent(bus =>
        {
            bus.AddConsumer<PublishMixConsumer, PublishMixConsumerDefinition>();
            bus.AddConsumer<RecordMergeFailureConsumer, RecordMergeFailureConsumerDefinition>();
        });
        return services;
    }
}
