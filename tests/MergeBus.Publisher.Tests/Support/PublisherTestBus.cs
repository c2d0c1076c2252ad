using MassTransit;
using MergeBus.Publisher.Components;
using MergeBus.Testing.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Publisher.Tests.Support;

public static class PublisherTestBus
{
    /// <summary>One of the Publisher's consumers, with its definition, over the scripted publisher.</summary>
    public static Task<ConsumerTestBus> Start<TConsumer, TDefinition>(ScriptedMixPublisher publisher)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer> =>
        ConsumerTestBus.StartAsync(
            services => services.AddSingleton<IMixPublisher>(publisher),
            bus => bus.AddConsumer<TConsumer, TDefinition>());
}
