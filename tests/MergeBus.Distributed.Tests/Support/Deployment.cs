using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MergeBus.LoopbackServers;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using StackExchange.Redis;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>
/// One test's MergeBus: its own Redis database, vhost and S3 prefix, the egress YAML every service reads, the
/// service processes it started, and helpers acting as the egress (upload, RPUSH) and as an operator (GET status).
/// </summary>
/// <param name="redisYaml">The egress <c>redis:</c> section, when not the suite's standalone server (Sentinel, Cluster).</param>
public sealed class Deployment(Cluster cluster, string name, int database, string virtualHost, ConnectionMultiplexer redis,
    DeploymentStorage storage, string? redisYaml = null)
    : IAsyncDisposable
{
    private readonly List<ServiceProcess> services = [];
    private readonly Dictionary<string, string> settings = new(StringComparer.Ordinal);

    public string Name => name;
    public Cluster Cluster => cluster;
    public IDatabase Redis => redis.GetDatabase();
    public ConnectionMultiplexer Connection => redis;
    public int Database => database;
    public string VirtualHost => virtualHost;
    public string Prefix => name;
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("mergebus-dist-").FullName;
    public IReadOnlyList<ServiceProcess> Services => services;

    /// <summary>The recordings bucket as the services see it (same prefix).</summary>
    public IObjectStorage Storage => storage.Store;

    /// <summary>Where the services write the merged manifest of <paramref name="manifestKey"/> (beside it on GCS).</summary>
    public string MergedManifestKey(string manifestKey) => ManifestKeys.MergedKey(manifestKey, storage.ManifestWrite);

    /// <summary>Extra settings as environment variables (MERGEBUS__X__Y), laid over the YAML by every service.</summary>
    public Deployment With(string variable, string value)
    {
        settings[variable] = value;
        return this;
    }

    /// <summary>An operate token of the jobs API (mergebus.api.tokens).</summary>
    public const string ApiToken = "deployment-operate-token-0123456789";

    public string Yaml => (redisYaml ?? $"""
        redis:
          address: "{cluster.Redis.Address}"
          db: {database}
        """) + "\n" + $"""
        {storage.Yaml}
        mergebus:
          rabbitmq:
            host: 127.0.0.1
            port: {cluster.RabbitMq.Port}
            vhost: "{virtualHost}"
          mixer:
            concurrency: 1
          api:
            tokens:
              - name: tests
                token: "{ApiToken}"
                role: operate
          queue:
            visibility_timeout: 5m
          retry:
            count: 1
            min_interval: 200ms
            max_interval: 1s
            interval_delta: 200ms
        {storage.MergeBusYaml}
        """;

    public async Task<ServiceProcess> StartAsync(string service, string workerId, bool waitUntilHealthy = true,
        IReadOnlyDictionary<string, string>? only = null)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["EGRESS_CONFIG_BODY"] = Yaml,
            ["MERGE_TMP_DIR"] = TempDirectoryOf(workerId),
        };
        foreach (var (key, value) in only ?? new Dictionary<string, string>()) environment[key] = value;
        var process = await ServiceProcess.StartAsync(service, workerId, environment, waitUntilHealthy);
        lock (services) services.Add(process);
        return process;
    }

    /// <summary>`mergebus run all`: the four services in one process, against the same servers.</summary>
    public async Task<ServiceProcess> StartAllInOneProcessAsync(string workerId)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["EGRESS_CONFIG_BODY"] = Yaml,
            ["MERGE_TMP_DIR"] = TempDirectoryOf(workerId),
        };
        var process = await ServiceProcess.StartDllAsync([ServiceProcess.CliDll(), "run", "all"], workerId, environment);
        lock (services) services.Add(process);
        return process;
    }

    /// <summary>MERGE_TMP_DIR of the service started as <paramref name="workerId"/>.</summary>
    public string TempDirectoryOf(string workerId) => Path.Combine(WorkDirectory, "tmp", workerId);

    /// <summary>Stops one service (SIGTERM) and forgets it.</summary>
    public async Task StopAsync(ServiceProcess service)
    {
        lock (services) services.Remove(service);
        await service.DisposeAsync();
    }

    /// <summary>
    /// Every _error and _skipped queue of this deployment's virtual host, with its message count, read with
    /// rabbitmqctl (the test node runs no management plugin).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> DeadMessageQueuesAsync()
    {
        var (code, output) = await cluster.RabbitMq.RunControlAsync(TimeSpan.FromSeconds(60),
            "list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages");
        if (code != 0) throw new InvalidOperationException($"list_queues failed: {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', ' '))
            .Where(f => f.Length >= 2 && (f[0].EndsWith("_error", StringComparison.Ordinal) || f[0].EndsWith("_skipped", StringComparison.Ordinal)))
            .ToDictionary(f => f[0], f => long.Parse(f[^1], CultureInfo.InvariantCulture));
    }

    /// <summary>The standard topology: Ingest, Fetcher, two Mixers and Publisher, started in parallel.</summary>
    public Task StartAllAsync(params string[] mixers) =>
        Task.WhenAll(
            StartAsync("Ingest", "ingest"),
            StartAsync("Fetcher", "fetcher"),
            StartAsync("Publisher", "publisher"),
            Task.WhenAll(mixers.Select(m => StartAsync("Mixer", m))));

    /// <summary>What the egress does when a session ends: RPUSH the job JSON.</summary>
    /// <param name="jobId">An id already used: the egress pushing the same job twice.</param>
    public async Task<(string JobId, DateTimeOffset EnqueuedAt)> EnqueueAsync(UploadedSession session, string? masterKey = null,
        string? jobId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var id = jobId ?? $"{session.SessionId}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}";
        var job = new MergeJob
        {
            Id = id,
            ManifestPath = session.ManifestKey,
            SessionId = session.SessionId,
            CreatedAt = (now - DateTimeOffset.UnixEpoch).Ticks * 100,
            Encryption = masterKey is null ? null : new JobEncryption { Mode = "aes_256", MasterKey = masterKey },
        };
        await Redis.ListRightPushAsync(EgressQueueKeys.Queue, JobJson.Serialize(job));
        return (id, now);
    }

    public async Task<MergeJob?> StatusAsync(string jobId)
    {
        var value = await Redis.StringGetAsync(RedisJobStatusStore.KeyOf(jobId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MergeJob>((string)value!);
    }

    /// <summary>Waits until every job's status key reads completed; fails fast on a failed job unless told not to.</summary>
    public async Task<IReadOnlyDictionary<string, MergeJob>> WaitForCompletionAsync(IReadOnlyCollection<string> jobIds, TimeSpan timeout,
        bool failFast = true)
    {
        var clock = Stopwatch.StartNew();
        var done = new Dictionary<string, MergeJob>();
        while (true)
        {
            foreach (var id in jobIds.Where(id => !done.ContainsKey(id)))
            {
                MergeJob? status;
                try
                {
                    status = await StatusAsync(id);
                }
                catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
                {
                    break; // Redis restarting or failing over: ask again on the next round.
                }
                if (status?.Status == JobStatuses.Completed) done[id] = status;
                else if (failFast && status?.Status == JobStatuses.Failed)
                    throw new Xunit.Sdk.XunitException($"job {id} failed: {status.Error}\n{Logs()}");
            }
            if (done.Count == jobIds.Count) return done;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{jobIds.Count - done.Count} of {jobIds.Count} jobs not completed after {timeout}: " +
                    $"{string.Join(", ", jobIds.Where(id => !done.ContainsKey(id)).Take(5))}\n{Logs()}");
            await Task.Delay(50);
        }
    }

    public string Logs(int tail = 40) => string.Join("\n", services.Select(s =>
        $"--- {s.Name}{(s.HasExited ? " (exited)" : "")} ---\n{string.Join('\n', s.Lines.TakeLast(tail))}"));

    /// <summary>Stops every service, then fails the test if any message ended in an _error or _skipped queue.</summary>
    public async ValueTask DisposeAsync()
    {
        var logs = Logs();
        await Task.WhenAll(services.Select(s => s.DisposeAsync().AsTask()));
        var dead = (await DeadMessageQueuesAsync()).Where(q => q.Value > 0).ToList();
        (Storage as IDisposable)?.Dispose();
        await redis.CloseAsync();
        redis.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        if (dead.Count > 0)
            throw new Xunit.Sdk.XunitException($"messages in dead-letter queues of {virtualHost}: " +
                string.Join(", ", dead.Select(q => $"{q.Key}={q.Value}")) + "\n" + logs);
    }
}

/// <summary>A deployment's store as the test sees it, and the YAML (egress storage section, mergebus.storage) for it.</summary>
public sealed record DeploymentStorage(IObjectStorage Store, ManifestWriteMode ManifestWrite, string Yaml, string MergeBusYaml);
