using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
namespace MergeBus.LoopbackServers;

/// <summary>
/// One MergeBus host (dotnet MergeBus.X.dll) running as its own process on a free loopback port; its output is kept
/// for asserts. The distributed tests and the bench's distributed row both run the services through it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly Process process;

    private ServiceProcess(string name, string url, Process process)
    {
        Name = name;
        Url = url;
        this.process = process;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string Url { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public IReadOnlyList<string> Lines => [.. lines];
    public string Output => string.Join('\n', lines);
    public string Tail => string.Join('\n', lines.TakeLast(20));

    /// <summary>Where published apps are (publish/&lt;service&gt;/, as prepare-compose-test.sh lays them out), to run
    /// those instead of the build output: ReadyToRun code exists only in a published app.</summary>
    public const string PublishedAppsVariable = "MERGEBUS_TEST_PUBLISHED_APPS";

    public static string HostDll(string service) =>
        Environment.GetEnvironmentVariable(PublishedAppsVariable) is { Length: > 0 } published
            ? Path.Combine(published, service.ToLowerInvariant(), $"MergeBus.{service}.dll")
            : BuiltDll(Path.Combine("services", service, $"MergeBus.{service}"), $"MergeBus.{service}.dll");

    /// <summary>The `mergebus` command line; `run all` hosts every service in one process.</summary>
    public static string CliDll() => BuiltDll(Path.Combine("cli", "MergeBus.Cli"), "mergebus.dll");

    private static string BuiltDll(string projectDirectory, string dll)
    {
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Configuration").Value;
        var path = Path.Combine(RepoPaths.RepoRoot, projectDirectory, "bin", configuration!, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {projectDirectory} first: {path}");
    }

    /// <param name="service">Ingest, Fetcher, Mixer or Publisher.</param>
    public static Task<ServiceProcess> StartAsync(string service, string name, IReadOnlyDictionary<string, string> environment,
        bool waitUntilHealthy = true) =>
        StartDllAsync([HostDll(service)], name, environment, waitUntilHealthy);

    public static async Task<ServiceProcess> StartDllAsync(IReadOnlyList<string> dllAndArguments, string name,
        IReadOnlyDictionary<string, string> environment, bool waitUntilHealthy = true)
    {
        // A port that was free when picked can be taken (often by an outgoing connection) before the host binds it.
        for (var attempt = 1; ; attempt++)
        {
            var service = Launch(dllAndArguments, name, environment);
            if (!waitUntilHealthy) return service;
            try
            {
                await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
                return service;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                await service.DisposeAsync();
            }
        }
    }

    private static ServiceProcess Launch(IReadOnlyList<string> dllAndArguments, string name,
        IReadOnlyDictionary<string, string> environment)
    {
        var port = TestPorts.FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in dllAndArguments) start.ArgumentList.Add(argument);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("MERGEBUS__") || k.StartsWith("EGRESS")).ToList())
            start.Environment.Remove(variable);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["MERGE_WORKER_ID"] = name;
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        return new ServiceProcess(name, url, process);
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({process.ExitCode}):\n{Output}");
            try
            {
                using var response = await http.GetAsync(Url + "/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>Polls /health/ready (the checks tagged ready: bus, Redis, storage) until 200; the time since
    /// <paramref name="since"/> started, which the bench reports as exec → ready.</summary>
    public async Task<double> WaitUntilReadyAsync(Stopwatch since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({process.ExitCode}): {Tail}");
            if (since.Elapsed > timeout)
                throw new TimeoutException($"{Name} not ready after {timeout.TotalSeconds:F0} s: {Tail}");
            try
            {
                using var response = await http.GetAsync(Url + "/health/ready", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return since.Elapsed.TotalMilliseconds;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>kill -9: no shutdown code runs, unacked messages go back to the broker.</summary>
    public void KillHard()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first, so the host stops its bus cleanly; then make sure.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lines.Enqueue(line);
        while (lines.Count > 5000 && lines.TryDequeue(out _))
        {
        }
    }
}
