using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.Json;
using MergeBus.LoopbackServers;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Mixing;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Steps;
using MergeBus.Storage.S3;
using StackExchange.Redis;

namespace MergeBus.Bench.Distributed;

/// <summary>
/// The distributed row of the latency section: redis-server, rabbitmq-server and s3rver on loopback (the servers the
/// distributed tests start, same code), the four services as processes from their ReadyToRun publish, a session
/// uploaded as the egress does, RPUSHed, and timed until its status key reads completed; then the floor alone.
/// Everything started is stopped in the end, on failure and on Ctrl-C too.
/// </summary>
public static class DistributedRow
{
    private const string Bucket = "recordings";
    private static readonly string[] Services = ["Ingest", "Fetcher", "Mixer", "Publisher"];
    private static readonly TimeSpan ReadyPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(10);

    /// <summary>Long enough for a server still starting (RabbitMQ: up to 90 s) to start and then stop.</summary>
    private static readonly TimeSpan StopPatience = TimeSpan.FromMinutes(3);

    /// <summary>Where the services' ReadyToRun publish is (publish/&lt;service&gt;/, as deploy/images/prepare-compose-test.sh lays it out).</summary>
    public const string PublishedAppsVariable = "MERGEBUS_TEST_PUBLISHED_APPS";

    /// <param name="publishedApps">Where the services' publish is; null: <see cref="PublishedAppsVariable"/>, else .artifacts/publish.</param>
    public static async Task<BenchDistributed> MeasureAsync(bool quick, string? publishedApps, TextWriter progress, CancellationToken cancellationToken)
    {
        var apps = publishedApps ?? DefaultPublishedApps();
        var length = quick ? 60.0 : 600.0;
        var row = new BenchDistributed
        {
            Session = string.Create(CultureInfo.InvariantCulture, $"4 × {length:0} s session from S3"),
            Stack = "redis-server, rabbitmq-server, s3rver and the four services as processes (ReadyToRun), loopback",
        };
        var missing = MissingPrerequisites(apps);
        if (missing is not null || apps is null)
        {
            return row with { Missing = missing };
        }

        var directory = Directory.CreateTempSubdirectory("mergebus-bench-distributed-").FullName;
        // Ctrl-C or SIGTERM must not end the process before the finally below has stopped every server and service it
        // started (they are not our children's children: nothing else would stop them). The signal's default action
        // is cancelled and becomes a cancellation; and when the command line gives up waiting for its action and
        // returns from Main, the process still waits here for that clean-up.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void StopInstead(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopInstead);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopInstead);
        cancellationToken = interrupted.Token;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler waitForStop = (_, _) => stopped.Task.Wait(StopPatience);
        AppDomain.CurrentDomain.ProcessExit += waitForStop;
        RedisServer? redis = null;
        RabbitMqServer? rabbit = null;
        S3rverServer? s3 = null;
        var services = new List<ServiceProcess>();
        try
        {
            progress.WriteLine("[bench] distributed: starting redis-server, rabbitmq-server and s3rver …");
            var redisStart = RedisServer.StartAsync();
            var rabbitStart = RabbitMqServer.StartAsync();
            var s3Start = S3rverServer.StartAsync(Bucket);
            try
            {
                await Task.WhenAll(redisStart, rabbitStart, s3Start).ConfigureAwait(false);
            }
            finally
            {
                // Whichever started is stopped below, even when another did not.
                redis = redisStart.IsCompletedSuccessfully ? redisStart.Result : null;
                rabbit = rabbitStart.IsCompletedSuccessfully ? rabbitStart.Result : null;
                s3 = s3Start.IsCompletedSuccessfully ? s3Start.Result : null;
            }

            // The services are started first and become ready while the session is synthesized and uploaded.
            var environment = new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = Yaml(redis!, rabbit!, s3!) };
            var clock = Stopwatch.StartNew();
            foreach (var service in Services)
            {
                var name = service.ToLowerInvariant();
                environment["MERGE_TMP_DIR"] = Path.Combine(directory, "tmp", name);
                services.Add(await ServiceProcess.StartDllAsync([PublishedDll(apps, service)], name, environment, waitUntilHealthy: false).ConfigureAwait(false));
            }

            var ready = services.Select(s => s.WaitUntilReadyAsync(clock, ReadyPatience, cancellationToken)).ToList();
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] distributed: synthesizing and uploading 4 × {length:0} s …"));
            using var storage = new S3ObjectStorage(s3!.Options(Bucket, "bench"));
            var session = await UploadAsync(storage, Path.Combine(directory, "session"), new SessionSynthesisOptions
            {
                // The benchmark's (a) session: joins at 0, 5, 30 and 60 s of 600 (scaled in the quick run), DTX holes.
                ParticipantCount = 4,
                DurationSeconds = length,
                JoinOffsetsSeconds = [0, 5 * length / 600, 30 * length / 600, 60 * length / 600],
                Dtx = true,
                Stereo = false,
                OpusBitrate = 32_000,
                Seed = 22,
                RoomName = "bench-distributed",
            }, cancellationToken).ConfigureAwait(false);
            var warmUp = await UploadAsync(storage, Path.Combine(directory, "warm-up"), new SessionSynthesisOptions
            {
                ParticipantCount = 2,
                DurationSeconds = 10,
                Seed = 23,
                RoomName = "bench-distributed-first",
            }, cancellationToken).ConfigureAwait(false);
            var readyMilliseconds = (await Task.WhenAll(ready).ConfigureAwait(false))
                .Select((ms, i) => (services[i].Name, Math.Round(ms, 0))).ToDictionary(p => p.Name, p => p.Item2);

            using var connection = await ConnectionMultiplexer.ConnectAsync(redis!.Address).ConfigureAwait(false);
            var database = connection.GetDatabase();

            // A Mixer lives for many jobs: one small job first (timed: the cold start), so the row is the steady state.
            progress.WriteLine("[bench] distributed: first job (2 × 10 s), then the measured session …");
            var (_, cold) = await RunJobAsync(database, warmUp.Manifest, warmUp.SessionId, services, cancellationToken).ConfigureAwait(false);
            var (id, wall) = await RunJobAsync(database, session.Manifest, session.SessionId, services, cancellationToken).ConfigureAwait(false);
            var steps = await StepsAsync(database, id).ConfigureAwait(false);

            // The services are idle, then stopped: the floor runs alone, as in the other rows.
            await StopAsync(services).ConfigureAwait(false);
            progress.WriteLine("[bench] distributed: floor on the same files …");
            var truth = session.Truth;
            var floorClock = Stopwatch.StartNew();
            await Floor.RunAsync([.. truth.Participants.Select(p => (p.Path, p.JoinOffsetSamples))],
                Floor.OutputStreams(MixLayouts.Mix, truth.Participants.Count), (long)Math.Round(truth.ExpectedTimelineSeconds * 48_000), Environment.ProcessorCount)
                .ConfigureAwait(false);
            return row with
            {
                WallSeconds = Math.Round(wall, 3),
                FloorSeconds = Math.Round(floorClock.Elapsed.TotalSeconds, 3),
                StepMilliseconds = steps,
                ColdJobSeconds = Math.Round(cold, 3),
                ReadyMilliseconds = readyMilliseconds,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One row failing is reported in its place; the rest of the bench stands.
            return row with { Missing = "failed: " + e.Message.Split('\n')[0] };
        }
        finally
        {
            await StopAsync(services).ConfigureAwait(false);
            if (rabbit is not null)
            {
                await rabbit.DisposeAsync().ConfigureAwait(false);
            }

            if (redis is not null)
            {
                await redis.DisposeAsync().ConfigureAwait(false);
            }

            s3?.Dispose();
            TryDelete(directory);
            stopped.TrySetResult();
            AppDomain.CurrentDomain.ProcessExit -= waitForStop;
        }
    }

    /// <summary>What is not installed, in one line; null when everything is.</summary>
    private static string? MissingPrerequisites(string? apps)
    {
        var missing = new List<string>();
        if (!OnPath("redis-server"))
        {
            missing.Add("redis-server (apt-get install redis-server)");
        }

        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
        {
            missing.Add("rabbitmq-server (apt-get install rabbitmq-server)");
        }

        if (!OnPath("node"))
        {
            missing.Add("node (apt-get install nodejs)");
        }

        string? root = null;
        try
        {
            root = RepoPaths.RepoRoot;
        }
        catch (InvalidOperationException)
        {
            missing.Add("the MergeBus checkout (s3rver and the published services live in it)");
        }

        if (root is not null)
        {
            if (!File.Exists(Path.Combine(NodePackages.Prefix, "node_modules", "@20minutes", "s3rver", "package.json")))
            {
                missing.Add($"s3rver (npm install --prefix {NodePackages.Prefix} {S3rverLocator.PackageSpec})");
            }
        }

        IReadOnlyList<string> absent = apps is null ? Services : [.. Services.Where(s => !File.Exists(PublishedDll(apps, s)))];
        if (absent.Count > 0)
        {
            missing.Add($"the published services ({string.Join(", ", absent)} not in {apps ?? ".artifacts/publish"}: ./mergebus bench publishes them)");
        }

        return missing.Count == 0 ? null : "not run, missing: " + string.Join("; ", missing);
    }

    private static string? DefaultPublishedApps()
    {
        if (Environment.GetEnvironmentVariable(PublishedAppsVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        try
        {
            return Path.Combine(RepoPaths.RepoRoot, ".artifacts", "publish");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string PublishedDll(string apps, string service) => Path.Combine(apps, service.ToLowerInvariant(), $"MergeBus.{service}.dll");

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>The egress YAML every service reads (EGRESS_CONFIG_BODY), as the distributed tests write it for S3.</summary>
    private static string Yaml(RedisServer redis, RabbitMqServer rabbit, S3rverServer s3) => $"""
        redis:
          address: "{redis.Address}"
        storage:
          prefix: "bench"
          s3:
            access_key: "{s3.AccessKey}"
            secret: "{s3.Secret}"
            region: us-east-1
            endpoint: "{s3.Endpoint}"
            bucket: {Bucket}
            force_path_style: true
        mergebus:
          rabbitmq:
            host: 127.0.0.1
            port: {rabbit.Port}
          mixer:
            concurrency: 1
        """;

    private sealed record Uploaded(SyntheticSession Truth, string SessionId, string Manifest);

    /// <summary>Tracks first, then the manifest, under room/session/ as the egress uploads them (spec §2).</summary>
    private static async Task<Uploaded> UploadAsync(S3ObjectStorage storage, string local, SessionSynthesisOptions options, CancellationToken cancellationToken)
    {
        var truth = await SessionSynthesizer.CreateAsync(local, options, cancellationToken).ConfigureAwait(false);
        var manifestText = await File.ReadAllTextAsync(truth.ManifestPath, cancellationToken).ConfigureAwait(false);
        var sessionId = (string)JsonNode.Parse(manifestText)!["session_id"]!;
        var folder = $"{options.RoomName}/{sessionId}";
        await Task.WhenAll(truth.Participants.Select(p => storage.PutFileAsync($"{folder}/{p.FileName}", p.Path, cancellationToken))).ConfigureAwait(false);
        await storage.PutFileAsync($"{folder}/manifest.json", truth.ManifestPath, cancellationToken).ConfigureAwait(false);
        return new Uploaded(truth, sessionId, $"{folder}/manifest.json");
    }

    /// <summary>RPUSH as the egress does, then the status key until completed: the seconds between, by the status's own clock.</summary>
    private static async Task<(string Id, double Seconds)> RunJobAsync(IDatabase redis, string manifest, string sessionId,
        IReadOnlyList<ServiceProcess> services, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var id = $"{sessionId}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}";
        await redis.ListRightPushAsync(EgressQueueKeys.Queue, JobJson.Serialize(new MergeJob
        {
            Id = id,
            ManifestPath = manifest,
            SessionId = sessionId,
            CreatedAt = (now - DateTimeOffset.UnixEpoch).Ticks * 100,
        })).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await redis.StringGetAsync(RedisJobStatusStore.KeyOf(id)).ConfigureAwait(false);
            var status = value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MergeJob>((string)value!);
            if (status?.Status == JobStatuses.Completed)
            {
                return (id, (DateTimeOffset.UnixEpoch.AddTicks(status.CompletedAt / 100) - now).TotalSeconds);
            }

            if (status?.Status == JobStatuses.Failed)
            {
                throw new InvalidOperationException($"job {id} failed: {status.Error}");
            }

            if (clock.Elapsed > JobPatience)
            {
                throw new TimeoutException($"job {id} not completed after {JobPatience.TotalMinutes:F0} min; " +
                    string.Join(" | ", services.Select(s => $"{s.Name}: {s.Tail.Split('\n')[^1]}")));
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The saga's StepDurationsMs, read from its Redis hash as an operator would. The status key can read completed a
    /// moment before the saga has recorded the publish step: asked again for a few seconds until all three are there.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, long>> StepsAsync(IDatabase redis, string id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var data = await redis.HashGetAsync($"{{mergebus:saga:MergeJobState}}:{JobCorrelation.FromJobId(id):D}", "data").ConfigureAwait(false);
            IReadOnlyDictionary<string, long> steps = data.IsNullOrEmpty || JsonNode.Parse((string)data!)?["StepDurationsMs"] is not JsonObject recorded
                ? new Dictionary<string, long>()
                : recorded.ToDictionary(p => p.Key, p => (long)p.Value!);
            if (new[] { MergeSteps.Fetch, MergeSteps.Mix, MergeSteps.Publish }.All(steps.ContainsKey) || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return steps;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private static async Task StopAsync(List<ServiceProcess> services)
    {
        await Task.WhenAll(services.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        services.Clear();
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is not worth failing the benchmark for.
        }
    }
}
