using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real redis-server on a free loopback port, in its own temporary directory, killed on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly bool _appendOnly;
    private readonly IReadOnlyList<string> _leading;
    private readonly IReadOnlyList<string> _extra;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private RedisServer(int port, string directory, bool appendOnly, IReadOnlyList<string> leading, IReadOnlyList<string> extra)
    {
        Port = port;
        DataDirectory = directory;
        _appendOnly = appendOnly;
        _leading = leading;
        _extra = extra;
    }

    public const string Host = "127.0.0.1";

    public int Port { get; }

    public string DataDirectory { get; }

    /// <summary>host:port, as the egress <c>redis.address</c> setting and StackExchange.Redis expect it.</summary>
    public string Address => $"{Host}:{Port}";

    /// <param name="appendOnly">Turn AOF persistence on, so that data survives <see cref="RestartAsync"/>.</param>
    /// <param name="extraArguments">More redis-server options, e.g. <c>--replicaof</c>, <c>--user</c>, <c>--cluster-enabled</c>.</param>
    /// <param name="choosePort">Picks the port (default: any free loopback port); Cluster needs one whose bus port is free too.</param>
    /// <param name="configFile">
    /// Written to the server's directory and passed first, with <see cref="Port"/> available; for a sentinel,
    /// whose state must live in a writable file: pass <c>--sentinel</c> among the extra arguments.
    /// </param>
    public static async Task<RedisServer> StartAsync(bool appendOnly = false, IReadOnlyList<string>? extraArguments = null,
        Func<int>? choosePort = null, Func<int, string>? configFile = null)
    {
        var executable = FindExecutable();
        Exception? lastFailure = null;
        // The free port may be taken before redis-server binds it; a fresh port on retry resolves that.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("mergebus-redis-").FullName;
            var port = (choosePort ?? TestPorts.FreeLoopbackPort)();
            IReadOnlyList<string> leading = [];
            if (configFile is not null)
            {
                var path = Path.Combine(directory, "redis.conf");
                await File.WriteAllTextAsync(path, configFile(port));
                leading = [path];
            }
            var server = new RedisServer(port, directory, appendOnly, leading, extraArguments ?? []);
            try
            {
                await server.LaunchAsync(executable);
                return server;
            }
            catch (Exception failure)
            {
                lastFailure = failure;
                await server.DisposeAsync();
            }
        }
        throw new InvalidOperationException("redis-server did not start.", lastFailure);
    }

    /// <summary>
    /// Shuts the server down cleanly (flushing the AOF) and starts it again on the same port and directory.
    /// </summary>
    public async Task RestartAsync()
    {
        await ShutdownAsync();
        await LaunchAsync(FindExecutable());
    }

    /// <summary>Kills the server at once (SIGKILL), as a dying pod or machine would; the directory stays.</summary>
    public void Crash() => Kill();

    /// <summary>Sends one inline command (no client library) and returns the first reply line, or null when unreachable.</summary>
    public Task<string?> CommandAsync(string command) => SendAsync(command);

    /// <summary>kill -9, then start again on the same port and directory: what survives is what the AOF holds.</summary>
    public async Task KillAndRestartAsync()
    {
        Kill();
        await LaunchAsync(FindExecutable());
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task LaunchAsync(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in _leading.Concat(
                 [
                     "--port", Port.ToString(), "--bind", Host, "--save", "", "--appendonly", _appendOnly ? "yes" : "no",
                     // Every write on disk before it is acknowledged: a kill -9 loses nothing. Many test databases.
                     "--appendfsync", "always", "--databases", "64",
                     "--dir", DataDirectory, "--daemonize", "no", "--logfile", "",
                 ]).Concat(_extra))
            start.ArgumentList.Add(argument);

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                break;
            if (await SendAsync("PING") == "+PONG")
                return;
            await Task.Delay(25);
        }
        throw new InvalidOperationException(
            $"redis-server on port {Port} did not answer PING. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
    }

    private async Task ShutdownAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        await SendAsync("SHUTDOWN");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>One inline command over a raw socket, so this fixture needs no Redis client library.</summary>
    private async Task<string?> SendAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(Host, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private void Kill()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    internal static string FindExecutable(string name = "redis-server")
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"{name} not found on PATH: apt-get install redis-server");
    }
}
