using MergeBus.LoopbackServers;
using MergeBus.Storage;
using MergeBus.Storage.Azure;
using MergeBus.Storage.S3;
using MergeBus.Storage.Transfers;
using StackExchange.Redis;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>
/// Real Redis (with AOF, so it can be restarted mid-run), a real RabbitMQ node and s3rver (plus, on first use, the
/// GCS emulator and Azurite), shared by the whole suite. Each test gets its own Redis database, RabbitMQ virtual host
/// and storage prefix (see <see cref="Deployment"/>).
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

    // Started on first use: most tests run on S3.
    private readonly Lazy<Task<GcsEmulatorServer>> gcs = new(GcsEmulatorServer.StartAsync);
    private readonly Lazy<Task<AzuriteServer>> azure = new(() => AzuriteServer.StartAsync(Bucket));

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
        if (gcs.IsValueCreated) (await gcs.Value).Dispose();
        if (azure.IsValueCreated) (await azure.Value).Dispose();
    }

    /// <summary>A fresh Redis database, virtual host and S3 prefix for one test.</summary>
    public async Task<Deployment> NewDeploymentAsync(string name, StorageBackend backend = StorageBackend.S3)
    {
        var (index, vhost) = await NewIsolationAsync(name);
        var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Redis.Address },
            DefaultDatabase = index,
            AbortOnConnectFail = false,
            AllowAdmin = true,
        });
        var prefix = $"{name}-{index}";
        return new Deployment(this, prefix, index, vhost, redis, await StorageForAsync(backend, prefix));
    }

    /// <summary>The store a deployment's services use, seen from the test, and the YAML that configures it.</summary>
    private async Task<DeploymentStorage> StorageForAsync(StorageBackend backend, string prefix)
    {
        switch (backend)
        {
            case StorageBackend.Gcs:
                var gcs = await this.gcs.Value;
                // Unauthenticated against the emulator; mix and manifest objects stay far below one upload chunk.
                return new DeploymentStorage(gcs.CreateStorage(Bucket, prefix), ManifestWriteMode.Beside, $"""
                    storage:
                      prefix: "{prefix}"
                      gcp:
                        bucket: {Bucket}
                    """, $"""
                      storage:
                        gcs_endpoint: "{gcs.Endpoint}"
                    """);
            case StorageBackend.Azure:
                var azure = await this.azure.Value;
                return new DeploymentStorage(new AzureObjectStorage(azure.Options(Bucket, prefix)), ManifestWriteMode.InPlace, $"""
                    storage:
                      prefix: "{prefix}"
                      azure:
                        account_name: {AzuriteServer.AccountName}
                        account_key: "{AzuriteServer.AccountKey}"
                        container_name: {Bucket}
                    """, $"""
                      storage:
                        azure_endpoint: "{azure.Endpoint}"
                    """);
            default:
                return new DeploymentStorage(new S3ObjectStorage(S3.Options(Bucket, prefix)), ManifestWriteMode.InPlace, $"""
                    storage:
                      prefix: "{prefix}"
                      s3:
                        access_key: "{S3.AccessKey}"
                        secret: "{S3.Secret}"
                        region: us-east-1
                        endpoint: "{S3.Endpoint}"
                        bucket: {Bucket}
                        force_path_style: true
                    """, "");
        }
    }

    /// <summary>A deployment on a Redis of its own (Sentinel, Cluster): its <c>redis:</c> YAML and a connection to it.</summary>
    public async Task<Deployment> NewDeploymentAsync(string name, string redisYaml, ConnectionMultiplexer redis)
    {
        var (index, vhost) = await NewIsolationAsync(name);
        var prefix = $"{name}-{index}";
        return new Deployment(this, prefix, 0, vhost, redis, await StorageForAsync(StorageBackend.S3, prefix), redisYaml);
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
