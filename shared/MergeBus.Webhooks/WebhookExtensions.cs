using MassTransit;
using MergeBus.Contracts;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MergeBus.Webhooks;

public static class WebhookExtensions
{
    /// <summary>Where the events wait to be turned into deliveries: one queue, whatever the number of targets.</summary>
    public const string EndpointName = "webhook-events";

    /// <summary>The store and the dispatcher; nothing when no webhook is configured.</summary>
    public static IServiceCollection AddMergeBusWebhooks(this IServiceCollection services, WebhookSettings settings)
    {
        if (settings.Targets.Count == 0) return services;
        services.AddSingleton(settings);
        services.AddSingleton(provider => new RedisWebhookStore(provider.GetRequiredService<IConnectionMultiplexer>(), settings.MaxFailures));
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }

    /// <summary>One consumer per public event, on <see cref="EndpointName"/>.</summary>
    public static void AddWebhookConsumers(this IBusRegistrationConfigurator bus, WebhookSettings settings)
    {
        if (settings.Targets.Count == 0) return;
        Add<MergeJobStarted>(bus);
        Add<MergeJobCompleted>(bus);
        Add<MergeJobDeadLettered>(bus);
        Add<MergeJobRetried>(bus);
    }

    private static void Add<T>(IBusRegistrationConfigurator bus) where T : class =>
        bus.AddConsumer<WebhookEventConsumer<T>>(c => c.UseMessageRetry(r => r.Intervals(250, 1000, 5000, 15000, 30000)))
            .Endpoint(e => e.Name = EndpointName);
}
