using System.Collections.Concurrent;
using System.Diagnostics;
using MergeBus.Testing.Servers;

namespace MergeBus.Bench.Distributed;

/// <summary>One published service (dotnet MergeBus.X.dll) on a free loopback port; SIGTERM then kill on dispose.</summary>
internal sealed class ServiceHostProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly Process process;

    private ServiceHostProcess(string name, string url, Process process)
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

    public string Tail => string.Join('\n', lines.TakeLast(20));

    public static ServiceHostProcess Start(string dll, string name, IReadOnlyDictionary<string, string> environment)
    {
        var url = $"http://127.0.0.1:{TestPorts.FreeLoopbackPort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        // The caller's own MergeBus settings must not leak into the stack the bench configures.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("MERGEBUS__", StringComparison.Ordinal) || k.StartsWith("EGRESS", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["MERGE_WORKER_ID"] = name;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        return new ServiceHostProcess(name, url, process);
    }

    /// <summary>Polls /health/ready until 200; the time since <paramref name="since"/> started.</summary>
    public async Task<double> WaitUntilReadyAsync(Stopwatch since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({process.ExitCode}): {Tail}");
            }

            if (since.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} not ready after {timeout.TotalSeconds:F0} s: {Tail}");
            }

            try
            {
                using var response = await http.GetAsync(Url + "/health/ready", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return since.Elapsed.TotalMilliseconds;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGTERM first, so the host stops its bus cleanly; then make sure.
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync().ConfigureAwait(false);
                }

                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 200 && lines.TryDequeue(out _))
        {
        }
    }
}
