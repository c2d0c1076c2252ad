using System.Diagnostics;
using System.Reflection;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;

namespace MergeBus.Downstream.Tests.Support;

/// <summary>samples/MergeBus.Samples.Subscriber, started as the separate process a downstream app would be.</summary>
public static class SampleSubscriber
{
    public static async Task<ServiceProcess> StartAsync(Deployment deployment, string queue)
    {
        var configuration = typeof(SampleSubscriber).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Configuration").Value!;
        var dll = Path.Combine(RepoPaths.RepoRoot, "samples", "MergeBus.Samples.Subscriber", "bin", configuration, "net10.0",
            "MergeBus.Samples.Subscriber.dll");
        var process = await ServiceProcess.StartDllAsync([dll], "subscriber", new Dictionary<string, string>
        {
            ["RABBITMQ_PORT"] = deployment.Cluster.RabbitMq.Port.ToString(),
            ["RABBITMQ_VHOST"] = deployment.VirtualHost,
            ["RABBITMQ_USERNAME"] = RabbitMqServer.Username,
            ["RABBITMQ_PASSWORD"] = RabbitMqServer.Password,
            ["SUBSCRIBER_QUEUE"] = queue,
        }, waitUntilHealthy: false);
        await WaitForLineAsync(process, l => l == "subscriber ready", TimeSpan.FromSeconds(60));
        return process;
    }

    public static async Task<string> WaitForLineAsync(ServiceProcess process, Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.Lines.FirstOrDefault(match) is { } line) return line;
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited:\n{process.Output}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"{process.Name} printed no such line within {timeout}:\n{process.Output}");
    }
}
