using System.Collections.Concurrent;
using System.Diagnostics;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real PostgreSQL (Debian's postgresql 15) on a free loopback port, with its own data directory made by initdb.
/// PostgreSQL refuses to run as root, so under root the server runs as the <c>postgres</c> user the package made.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> log = new();
    private Process? process;

    private PostgresServer(string binDirectory, string dataDirectory, int port)
    {
        BinDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public const string Host = "127.0.0.1";
    public const string User = "postgres";

    public string BinDirectory { get; }
    public string DataDirectory { get; }
    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host={Host};Port={Port};Username={User};Database={database};Pooling=true;Timeout=5;Command Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory();
        // initdb makes the directory itself, so that it belongs to the user the server runs as.
        var data = Path.Combine("/tmp", $"mergebus-pg-{Guid.NewGuid():N}");
        await RunToEndAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]);
        Exception? last = null;
        for (var tries = 0; tries < 3; tries++)
        {
            var server = new PostgresServer(bin, data, TestPorts.FreeLoopbackPort());
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch (InvalidOperationException e)
            {
                // Another process may take the free port before the server binds it.
                last = e;
                server.Kill();
            }
        }
        throw last!;
    }

    /// <summary>Stops the server as an outage would (fast shutdown: open connections are cut).</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited) return;
        await RunToEndAsync(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w"]);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>Starts the same server again, on the same port and data.</summary>
    public Task RestartAsync() => LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            Kill();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private async Task LaunchAsync()
    {
        var start = AsServerUser(Path.Combine(BinDirectory, "postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(), "-c", $"listen_addresses={Host}",
            "-c", $"unix_socket_directories={DataDirectory}", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200",
        ]);
        process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited) break;
            if (await AcceptsConnectionsAsync()) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException(
            $"postgres on port {Port} did not start. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        var ready = new ProcessStartInfo(Path.Combine(BinDirectory, "pg_isready"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-h", Host, "-p", Port.ToString(), "-U", User, "-t", "1" }) ready.ArgumentList.Add(a);
        using var probe = Process.Start(ready)!;
        await probe.WaitForExitAsync();
        return probe.ExitCode == 0;
    }

    private static async Task RunToEndAsync(string executable, string[] arguments)
    {
        using var run = Process.Start(AsServerUser(executable, arguments))
                        ?? throw new InvalidOperationException($"{executable} did not start");
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({run.ExitCode}): {await output}{await error}");
    }

    private static ProcessStartInfo AsServerUser(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        if (Environment.UserName == "root")
        {
            // setpriv execs (no fork), so the process we hold is the server itself.
            start.FileName = "setpriv";
            foreach (var a in new[] { "--reuid", User, "--regid", User, "--clear-groups", executable }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = executable;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    private void Kill()
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        process = null;
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        log.Enqueue(line);
        while (log.Count > 200 && log.TryDequeue(out _))
        {
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            : [];
        foreach (var bin in candidates)
            if (File.Exists(Path.Combine(bin, "postgres"))) return bin;
        throw new InvalidOperationException("PostgreSQL not found under /usr/lib/postgresql: apt-get install postgresql");
    }
}
