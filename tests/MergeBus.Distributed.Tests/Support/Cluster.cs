using MergeBus.Testing.Servers;
using StackExchange.Redis;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>
/// Real Redis (with AOF, so it can be restarted mid-run), a real RabbitMQ node and s3rver, shared by the whole
/// suite. Each test gets its own Redis database, RabbitMQ virtual host and S3 prefix (see <see cref="Deployment"/>).
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string Bucket = "recordings";

    /// <summary>rabbitmqctl starts an Erlang VM per call; on a busy shared machine that alone can take half a minute.</summary>
    private static readonly TimeSpan ControlPatience = TimeSpan.FromSeconds(90);
    private int nextIsolation;

    public RedisServer Redis { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;
    public S3rverServer S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var redis = RedisServer.StartAsync(appendOnly: true);
        var rabbit = RabbitMqServer.StartAsync();
        var s3 = S3rverServer.StartAsync(Bucket);
        Redis = await redis;
        S3 = await s3;
        RabbitMq = await rabbit;
    }

    public async Task DisposeAsync()
    {
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        S3?.Dispose();
    }

    /// <summary>A fresh Redis database, virtual host and S3 prefix for one test.</summary>
    public async Task<Deployment> NewDeploymentAsync(string name)
    {
        var (index, vhost) = await NewIsolationAsync(name);
        var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Redis.Address },
            DefaultDatabase = index,
            AbortOnConnectFail = false,
            AllowAdmin = true,
        });
        return new Deployment(this, $"{name}-{index}", index, vhost, redis);
    }

    /// <summary>A deployment on a Redis of its own (Sentinel, Cluster): its <c>redis:</c> YAML and a connection to it.</summary>
    public async Task<Deployment> NewDeploymentAsync(string name, string redisYaml, ConnectionMultiplexer redis)
    {
        var (index, vhost) = await NewIsolationAsync(name);
        return new Deployment(this, $"{name}-{index}", 0, vhost, redis, redisYaml);
    }

    private async Task<(int Index, string VirtualHost)> NewIsolationAsync(string name)
    {
        var index = Interlocked.Increment(ref nextIsolation);
        if (index > 63) throw new InvalidOperationException("the test redis-server has 64 databases; too many deployments");
        var vhost = $"{name}-{index}";
        var (code, output) = await RabbitMq.RunControlAsync(ControlPatience, "add_vhost", vhost);
        if (code != 0) throw new InvalidOperationException($"add_vhost failed: {output}");
        (code, output) = await RabbitMq.RunControlAsync(ControlPatience, "set_permissions", "-p", vhost,
            RabbitMqServer.Username, ".*", ".*", ".*");
        if (code != 0) throw new InvalidOperationException($"set_permissions failed: {output}");
        return (index, vhost);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Cluster>
{
    public const string Name = "cluster";
}
