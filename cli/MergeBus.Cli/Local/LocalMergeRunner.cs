using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Ingest.Components;
using MergeBus.Mixer.Components;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Publisher.Components;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using MergeBus.Storage.WorkFolders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Cli.Local;

/// <summary>
/// Runs the real saga and all four services in this process, on the in-memory transport, for one session folder.
/// Storage is rooted at the manifest's folder; steps hand files over through a private staging folder.
/// </summary>
public static class LocalMergeRunner
{
    public static async Task<LocalMergeResult> RunAsync(LocalMergeOptions options, Action<MixProgressed>? onProgress,
        Action<MergeJobStepStarted>? onStep, LogLevel logLevel, CancellationToken cancellationToken)
    {
        await using var stack = await LocalStack.StartAsync(options, logLevel, cancellationToken);
        if (onProgress is not null) stack.Watch.Progressed += onProgress;
        if (onStep is not null) stack.Watch.StepStarted += onStep;
        return await stack.MergeAsync(cancellationToken);
    }

    /// <summary>
    /// Merges the same session <paramref name="runs"/> times, one after the other, on one running stack, and times
    /// each from submission to its outcome (what a queued job waits once the services are up).
    /// </summary>
    public static async Task<IReadOnlyList<(TimeSpan Elapsed, LocalMergeResult Result)>> TimeMergesAsync(LocalMergeOptions options, int runs,
        CancellationToken cancellationToken)
    {
        await using var stack = await LocalStack.StartAsync(options, LogLevel.Warning, cancellationToken);
        var results = new List<(TimeSpan, LocalMergeResult)>(runs);
        for (var run = 0; run < runs; run++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await stack.MergeAsync(cancellationToken);
            results.Add((clock.Elapsed, result));
        }

        return results;
    }

    /// <summary>The services of one local merge, started; removed with their run folder when disposed.</summary>
    private sealed class LocalStack(IHost host, LocalMergeOptions options, string manifestPath, WorkFolder runFolder) : IAsyncDisposable
    {
        public JobWatch Watch { get; } = host.Services.GetRequiredService<JobWatch>();

        public static async Task<LocalStack> StartAsync(LocalMergeOptions options, LogLevel logLevel, CancellationToken cancellationToken)
        {
            var manifestPath = Path.GetFullPath(options.ManifestPath);
            if (!File.Exists(manifestPath)) throw new PermanentMergeException($"manifest not found: {options.ManifestPath}");
            var sessionDirectory = Path.GetDirectoryName(manifestPath)!;
            var tempRoot = options.TempDirectory
                ?? NonEmpty(Environment.GetEnvironmentVariable("MERGE_TMP_DIR"))
                ?? Path.Combine(Path.GetTempPath(), "mergebus");
            // A merge killed mid-run (kill -9) leaves its run folder, decrypted audio in it; no live merge holds its
            // lock any more, so the next merge removes it, as the services' sweepers do theirs.
            WorkFolderJanitor.RemoveOrphans(tempRoot, RunFolderPrefix);
            var runFolder = WorkFolder.Create(tempRoot, RunFolderPrefix);
            var runDirectory = runFolder.Path;
            PrivateFiles.CreateFolder(Path.Combine(runDirectory, "staging"));

            // An empty host: no appsettings files, no file watcher on the content root, no command-line or DOTNET_
            // configuration; every setting reaches the services as an object below. Only the environment's Logging__
            // keys are read, as the default host read them, so a log category can still be raised for one run; no
            // other variable (a master key among them) enters the host's configuration.
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddEnvironmentVariables("Logging__");
            builder.Logging.AddConfiguration(builder.Configuration);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
            // Every log line goes to stderr: stdout carries only the result, which --json promises is parseable.
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            var services = builder.Services;
            services.AddSingleton(new MergeStores(
                new LocalObjectStorage(sessionDirectory),
                new LocalObjectStorage(Path.Combine(runDirectory, "staging"))));
            services.AddSingleton(new WorkerSettings
            {
                WorkerId = Environment.GetEnvironmentVariable("MERGE_WORKER_ID") is { Length: > 0 } id ? id : "local",
                TempDirectory = Path.Combine(runDirectory, "work"),
            });
            services.AddSingleton(options.Limits);
            services.AddSingleton(options.Outputs);
            // In one process a failed try is retried quickly; storage here is a local disk.
            services.AddSingleton(new StepRetrySettings
            {
                RetryCount = 1,
                MinInterval = TimeSpan.FromMilliseconds(100),
                MaxInterval = TimeSpan.FromMilliseconds(500),
                IntervalDelta = TimeSpan.FromMilliseconds(100),
            });
            services.AddSingleton<IJobStatusStore, InMemoryJobStatusStore>();
            services.AddSingleton<IJobKeyVault>(new InMemoryJobKeyVault());
            services.AddSingleton<JobWatch>();
            // The same AddX() calls as the service hosts, on the in-memory saga and transport.
            services.AddIngest(new IngestOptions { WorkerId = "local" }).AddFetcher()
                .AddMixer(new MixerOptions { WarmUpAtStart = false }) // one job, then exit: a warm-up would only add CPU
                .AddPublisher();
            services.AddMergeBusMessaging(new BusSettings(), bus => bus.AddConsumer<JobWatchConsumer>());

            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch
            {
                host.Dispose();
                runFolder.Dispose();
                throw;
            }

            return new LocalStack(host, options, manifestPath, runFolder);
        }

        public async Task<LocalMergeResult> MergeAsync(CancellationToken cancellationToken)
        {
            try
            {
                var job = LocalJob(manifestPath, options.MasterKey);
                var outcome = Watch.OutcomeOf(job.Id);
                await using (var scope = host.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<IJobSubmitter>().SubmitAsync(job,
                        new JobOverrides(options.Layout, options.Formats, "cli") { Loudness = options.Loudness }, cancellationToken);
                }

                var finished = await outcome.WaitAsync(options.Timeout, cancellationToken);
                var status = await host.Services.GetRequiredService<IJobStatusStore>().GetAsync(job.Id, cancellationToken);
                return new LocalMergeResult(job.Id, finished, status ?? job.WithoutSecrets(), manifestPath);
            }
            catch (TimeoutException)
            {
                throw new PermanentMergeException($"the merge did not finish within {options.Timeout}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            runFolder.Dispose();
        }
    }

    /// <summary>The CLI's run folders share MERGE_TMP_DIR with anything else: only folders named so are swept.</summary>
    public const string RunFolderPrefix = "run-";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static MergeJob LocalJob(string manifestPath, string? masterKey)
    {
        var sessionId = Path.GetFileName(Path.GetDirectoryName(manifestPath)) ?? "session";
        var now = DateTimeOffset.UtcNow;
        return new MergeJob
        {
            Id = $"{sessionId}_{now:yyyyMMdd'T'HHmmss.fff}",
            ManifestPath = Path.GetFileName(manifestPath),
            SessionId = sessionId,
            CreatedAt = (now - DateTimeOffset.UnixEpoch).Ticks * 100,
            Encryption = masterKey is null ? null : new JobEncryption { Mode = "aes_256", MasterKey = masterKey },
        };
    }
}
