using MassTransit;
using MergeBus.Steps;
using MergeBus.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The bus every MergeBus host uses, carrying the consumers and sagas of every service added before it
    /// (AddIngest, AddFetcher, AddMixer, AddPublisher) plus <paramref name="register"/>'s. The transport comes from
    /// settings, so the same components run in one process or spread over RabbitMQ.
    /// </summary>
    public static IServiceCollection AddMergeBusMessaging(this IServiceCollection services, BusSettings settings,
        Action<IBusRegistrationConfigurator>? register = null)
    {
        services.AddMassTransit(bus =>
        {
            // No internet here, and our users may not want it either.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(KebabCaseEndpointNames.Instance);
            bus.AddBusComponents(services);
            register?.Invoke(bus);

            // Each transport in its own method: the one-process merge never loads the RabbitMQ assembly.
            if (settings.Transport == BusSettings.RabbitMqTransport) UseRabbitMq(bus, settings.RabbitMq);
            else UseInMemory(bus);
        });
        return services;
    }

    private static void UseRabbitMq(IBusRegistrationConfigurator bus, RabbitMqSettings rabbit) =>
        bus.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            if (rabbit.PrefetchCount is { } prefetch) cfg.PrefetchCount = prefetch;
            cfg.ConfigureJsonSerializerOptions(WithContractsMetadata);
            cfg.UseConsumeFilter(typeof(JobLogScopeFilter<>), context);
            cfg.ConfigureEndpoints(context);
        });

    private static void UseInMemory(IBusRegistrationConfigurator bus) =>
        bus.UsingInMemory((context, cfg) =>
        {
            cfg.ConfigureJsonSerializerOptions(WithContractsMetadata);
            cfg.UseConsumeFilter(typeof(JobLogScopeFilter<>), context);
            cfg.ConfigureEndpoints(context);
        });

    /// <summary>The bus's serializer options, resolving our messages from build-time metadata first.</summary>
    public static System.Text.Json.JsonSerializerOptions WithContractsMetadata(System.Text.Json.JsonSerializerOptions options)
    {
        // The options are process-wide (MassTransit keeps them in a static): add the context once. Options that
        // have serialized already are frozen, so those are copied.
        if (options.TypeInfoResolverChain.Contains(ContractsJsonContext.Default)) return options;
        var withContracts = options.IsReadOnly ? new System.Text.Json.JsonSerializerOptions(options) : options;
        withContracts.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
        return withContracts;
    }
}
