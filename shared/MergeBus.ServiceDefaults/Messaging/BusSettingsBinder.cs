using MergeBus.Configuration;

namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>mergebus.transport and mergebus.rabbitmq (host, port, vhost, username, password).</summary>
public static class BusSettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "mergebus.transport", "mergebus.rabbitmq.host", "mergebus.rabbitmq.port", "mergebus.rabbitmq.vhost",
        "mergebus.rabbitmq.username", "mergebus.rabbitmq.password");

    public static BusSettings Bind(ConfigurationValues values)
    {
        var transport = (values.Get("mergebus.transport") ?? BusSettings.RabbitMqTransport).ToLowerInvariant();
        if (transport is not (BusSettings.RabbitMqTransport or BusSettings.InMemoryTransport))
            throw new ConfigurationException("mergebus.transport", "must be rabbitmq or inmemory");
        var defaults = new RabbitMqSettings();
        var port = values.Int("mergebus.rabbitmq.port", defaults.Port, min: 1);
        if (port > ushort.MaxValue) throw new ConfigurationException("mergebus.rabbitmq.port", "must be a TCP port (1-65535)");
        return new BusSettings
        {
            Transport = transport,
            RabbitMq = new RabbitMqSettings
            {
                Host = values.Get("mergebus.rabbitmq.host") ?? defaults.Host,
                Port = (ushort)port,
                VirtualHost = values.Get("mergebus.rabbitmq.vhost") ?? defaults.VirtualHost,
                Username = values.Get("mergebus.rabbitmq.username") ?? defaults.Username,
                Password = values.Get("mergebus.rabbitmq.password") ?? defaults.Password,
            },
        };
    }
}
