using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Steps;

/// <summary>What a service adds to the bus (its consumers and definitions, or the saga), recorded by its AddX().</summary>
public sealed record BusComponent(Action<IBusRegistrationConfigurator> Register);

public static class BusComponents
{
    /// <summary>Records a service's bus registrations; the host's bus adds every recorded one.</summary>
    public static IServiceCollection AddBusComponent(this IServiceCollection services, Action<IBusRegistrationConfigurator> register)
    {
        services.AddSingleton(new BusComponent(register));
        return services;
    }

    /// <summary>Adds the bus registrations of every service added to <paramref name="services"/> so far.</summary>
    public static void AddBusComponents(this IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        var components = services.Where(d => d.ServiceType == typeof(BusComponent) && d.ImplementationInstance is BusComponent)
            .Select(d => (BusComponent)d.ImplementationInstance!).ToList();
        foreach (var component in components) component.Register(bus);
    }
}
