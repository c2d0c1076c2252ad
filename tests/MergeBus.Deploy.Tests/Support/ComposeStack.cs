using System.Diagnostics;
using System.Text.Json;
using MergeBus.LoopbackServers;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Storage;
using MergeBus.Storage.S3;
using StackExchange.Redis;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>
/// compose/docker-compose.yml + compose/test.override.yml up on the test's own dockerd. Base images come from the
/// machine cache (deploy/images/base-images.sh build, run by ./mergebus test outside any network namespace), the
/// services from .artifacts/publish. Anything missing, or a daemon that cannot start, fails every test with why.
/// </summary>
public sealed class ComposeStack : IAsyncLifetime
{
    public const string Project = "mergebus-compose-test";
    public const string RabbitUser = "mergebus";
    public const string RabbitPassword = "compose-test-rabbitmq";
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(20);

    private readonly Dictionary<string, string> environment = new()
    {
        // The user's .env values (not the override): s3rver knows one key pair.
        ["S3_ACCESS_KEY"] = "S3RVER",
        ["S3_SECRET_KEY"] = "S3RVER",
        ["RABBITMQ_PASSWORD"] = RabbitPassword,
        ["POSTGRES_PASSWORD"] = "compose-test-postgres",
    };

    public DockerDaemon Daemon { get; private set; } = null!;
    public ComposeProject Compose { get; private set; } = null!;
    public TimeSpan ImportTime { get; private set; }
    public TimeSpan BuildTime { get; private set; }
    public TimeSpan UpTime { get; private set; }
    public bool IsDown { get; set; }
    public ConnectionMultiplexer Redis { get; private set; } = null!;
    public S3ObjectStorage Storage { get; private set; } = null!;
    public RabbitManagement Management { get; private set; } = null!;
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("mergebus-compose-test-").FullName;
    private readonly Stopwatch total = Stopwatch.StartNew();
    public TimeSpan Elapsed => total.Elapsed;

    public int Port(string name) => int.Parse(environment[name]);

    public async Task InitializeAsync()
    {
        foreach (var service in new[] { "ingest", "fetcher", "mixer", "publisher", "cli" })
            if (!Directory.Exists(Path.Combine(Repo.Published, service)))
                throw new InvalidOperationException($"{Path.Combine(Repo.Published, service)} is missing: ./mergebus test publishes the services before the tests (deploy/images/prepare-compose-test.sh)");
        var (listCode, list, _) = await Kustomize.RunAsync("bash", [Repo.Path("deploy", "images", "base-images.sh"), "list"]);
        var missing = list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(p => p.Length == 2 && !File.Exists(p[1])).ToList();
        if (listCode != 0 || missing.Count > 0)
            throw new InvalidOperationException($"base image tarballs missing ({string.Join(", ", missing.Select(m => m[0]))}): run deploy/images/base-images.sh build (needs apt and npm; ./mergebus test does it)");

        Daemon = await DockerDaemon.StartAsync();
        foreach (var name in new[] { "REDIS_PORT", "S3_PORT", "RABBITMQ_PORT", "RABBITMQ_DIST_PORT", "RABBITMQ_EPMD_PORT",
                     "RABBITMQ_MANAGEMENT_PORT", "POSTGRES_PORT", "INGEST_PORT", "FETCHER_PORT", "PUBLISHER_PORT" })
            environment[name] = TestPorts.FreeLoopbackPort().ToString();
        Compose = new ComposeProject(Daemon, Project, environment);

        var clock = Stopwatch.StartNew();
        var (importCode, importOutput) = await Daemon.RunAsync(Long, "bash", [Repo.Path("deploy", "images", "base-images.sh"), "import"],
            new Dictionary<string, string>(), null);
        if (importCode != 0) throw new InvalidOperationException($"base-images.sh import failed:\n{importOutput}");
        ImportTime = clock.Elapsed;

        // A run that died left its containers in the cached data root: start clean.
        await Compose.RunAsync(TimeSpan.FromMinutes(5), "down", "--volumes", "--remove-orphans", "--timeout", "5");
        clock.Restart();
        await Compose.MustRunAsync(Long, "build");
        BuildTime = clock.Elapsed;
        clock.Restart();
        var (upCode, upOutput) = await Compose.RunAsync(Long, "up", "--detach", "--no-build");
        if (upCode != 0) throw new InvalidOperationException($"docker-compose up exited {upCode}:\n{upOutput}\n{await LogsAsync()}");
        UpTime = clock.Elapsed;

        Redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port("REDIS_PORT")},abortConnect=false,allowAdmin=true");
        Storage = new S3ObjectStorage(S3StorageOptions.FromEgressConfig("recordings", prefix: null, accessKey: "S3RVER", secret: "S3RVER",
            sessionToken: null, region: "us-east-1", endpoint: $"http://127.0.0.1:{Port("S3_PORT")}", forcePathStyle: true));
        Management = new RabbitManagement($"http://127.0.0.1:{Port("RABBITMQ_MANAGEMENT_PORT")}/", RabbitUser, RabbitPassword);
    }

    /// <summary>Waits until every container of the project that should run reports healthy (or, one-shot, exited 0).</summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var states = new Dictionary<string, string>();
        while (true)
        {
            states.Clear();
            foreach (var service in new[] { "redis", "rabbitmq", "minio", "postgres", "ingest", "fetcher", "mixer", "publisher" })
            {
                var containers = await Compose.ContainersAsync(service);
                for (var i = 0; i < containers.Count; i++)
                    states[$"{service}#{i + 1}"] = await Compose.InspectAsync(containers[i], "{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}");
            }
            if (states.Count >= 9 && states.Values.All(s => s == "running/healthy")) return states;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"not healthy after {timeout}: {string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))}\n{await LogsAsync()}");
            await Task.Delay(2000);
        }
    }

    public async Task<string> LogsAsync(params string[] services)
    {
        var (_, output) = await Compose.RunAsync(TimeSpan.FromMinutes(2), ["logs", "--no-color", "--tail", "60", .. services]);
        return output;
    }

    public async Task<MergeJob?> StatusAsync(string jobId)
    {
        var value = await Redis.GetDatabase().StringGetAsync(RedisJobStatusStore.KeyOf(jobId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MergeJob>((string)value!);
    }

    public async Task<MergeJob> WaitForCompletionAsync(string jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await StatusAsync(jobId);
            if (status?.Status == JobStatuses.Completed) return status;
            if (status?.Status == JobStatuses.Failed) throw new Xunit.Sdk.XunitException($"job {jobId} failed: {status.Error}\n{await LogsAsync()}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"job {jobId} not completed after {timeout} ({status?.Status})\n{await LogsAsync()}");
            await Task.Delay(500);
        }
    }

    private SyntheticSession? longSession;

    /// <summary>One long 2-person session (mixing it takes seconds), generated once and uploaded under any folder.</summary>
    public async Task<(string JobId, string ManifestKey, SyntheticSession Truth)> EnqueueLongSessionAsync(string folder)
    {
        longSession ??= await SessionSynthesizer.CreateAsync(Path.Combine(WorkDirectory, "long"), new SessionSynthesisOptions
        {
            ParticipantCount = 2, DurationSeconds = 1200, Seed = 12, RoomName = "compose-long",
        });
        foreach (var participant in longSession.Participants)
            await Storage.PutFileAsync($"{folder}/{participant.FileName}", participant.Path);
        var manifestKey = $"{folder}/manifest.json";
        await Storage.PutFileAsync(manifestKey, longSession.ManifestPath);
        var id = $"{folder}_{DateTime.UtcNow:yyyyMMdd'T'HHmmss.fff}";
        var job = new MergeJob { Id = id, ManifestPath = manifestKey, SessionId = folder, CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 };
        await Redis.GetDatabase().ListRightPushAsync(EgressQueueKeys.Queue, JobJson.Serialize(job));
        return (id, manifestKey, longSession);
    }

    public async Task DisposeAsync()
    {
        Redis?.Dispose();
        Storage?.Dispose();
        Management?.Dispose();
        if (Compose is not null && !IsDown)
            await Compose.RunAsync(TimeSpan.FromMinutes(5), "down", "--volumes", "--remove-orphans", "--timeout", "10");
        if (Daemon is not null) await Daemon.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
