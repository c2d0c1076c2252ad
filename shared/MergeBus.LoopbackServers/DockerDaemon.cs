using System.Diagnostics;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A Docker daemon of the test's own: Debian's dockerd with vfs storage, no bridge and no iptables (spec §6), and
/// a containerd it starts itself, each with its own data root, exec root, pid file and socket. It never talks to
/// another daemon: the clients it hands out carry DOCKER_HOST=its socket. The data root persists in the machine
/// cache (/var/cache/mergebus/dockerd), so imported base images and built layers are warm on the next run; a
/// lock keeps two runs from sharing it (the second gets a throw-away data root).
/// </summary>
public sealed class DockerDaemon : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly OutputTail _containerdOutput = new(100);
    private readonly OutputTail _dockerdOutput = new(100);
    private Process? _containerd;
    private Process? _dockerd;
    private FileStream? _lock;
    private bool _temporaryDataRoot;

    private DockerDaemon(string dataRoot, string execRoot)
    {
        DataRoot = dataRoot;
        ExecRoot = execRoot;
    }

    public string DataRoot { get; }

    /// <summary>Short on purpose: containerd's unix sockets live below it (108-byte path limit).</summary>
    public string ExecRoot { get; }

    public string Socket => Path.Combine(ExecRoot, "docker.sock");
    public string Host => "unix://" + Socket;

    /// <summary>Starts containerd and dockerd; throws with the reason (and their last lines) when either cannot start.</summary>
    public static async Task<DockerDaemon> StartAsync(string cacheRoot = "/var/cache/mergebus")
    {
        foreach (var tool in new[] { "/usr/sbin/dockerd", "/usr/bin/containerd", "/usr/sbin/runc" })
            if (!File.Exists(tool)) throw new InvalidOperationException($"{tool} is missing: apt-get install docker.io");
        var execRoot = Directory.CreateTempSubdirectory("mbd-").FullName;
        var daemon = new DockerDaemon(Path.Combine(cacheRoot, "dockerd"), execRoot);
        try
        {
            await daemon.LaunchAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync()
    {
        var dataRoot = DataRoot;
        Directory.CreateDirectory(dataRoot);
        try
        {
            _lock = new FileStream(Path.Combine(dataRoot, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            dataRoot = Directory.CreateTempSubdirectory("mergebus-dockerd-").FullName;
            _temporaryDataRoot = true;
        }
        ActiveDataRoot = dataRoot;

        var containerdSocket = Path.Combine(ExecRoot, "containerd.sock");
        _containerd = Launch("/usr/bin/containerd", _containerdOutput,
            "--root", Path.Combine(dataRoot, "containerd"), "--state", Path.Combine(ExecRoot, "containerd"),
            "--address", containerdSocket, "--config", "/dev/null", "--log-level", "warn");
        await WaitForAsync(() => File.Exists(containerdSocket), _containerd, "containerd", _containerdOutput);

        var config = Path.Combine(ExecRoot, "daemon.json");
        await File.WriteAllTextAsync(config, "{}");
        _dockerd = Launch("/usr/sbin/dockerd", _dockerdOutput,
            "--config-file", config,
            "--data-root", Path.Combine(dataRoot, "docker"),
            "--exec-root", Path.Combine(ExecRoot, "docker"),
            "--pidfile", Path.Combine(ExecRoot, "docker.pid"),
            "--host", Host,
            "--containerd", containerdSocket,
            "--containerd-namespace", "mergebus-test",
            "--containerd-plugins-namespace", "mergebus-test-plugins",
            "--storage-driver=vfs", "--iptables=false", "--ip-masq=false", "--bridge=none",
            "--userland-proxy=false", "--log-level=warn");
        await WaitForAsync(() => File.Exists(Socket) && RunAsync(TimeSpan.FromSeconds(10), "docker", "version").Result.ExitCode == 0,
            _dockerd, "dockerd", _dockerdOutput);
    }

    /// <summary>The data root in use: the cached one, or a throw-away one when another run holds the cache.</summary>
    public string ActiveDataRoot { get; private set; } = "";

    /// <summary>Environment for docker and docker-compose clients: this daemon and nothing else.</summary>
    public Dictionary<string, string> ClientEnvironment() => new()
    {
        ["DOCKER_HOST"] = Host,
        ["DOCKER_BUILDKIT"] = "0",
        ["COMPOSE_DOCKER_CLI_BUILD"] = "0",
        ["DOCKER_CONFIG"] = Path.Combine(ExecRoot, "client"),
    };

    /// <summary>Runs a client command against this daemon; output is stdout and stderr together.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string fileName, params string[] arguments) =>
        RunAsync(timeout, fileName, arguments, new Dictionary<string, string>(), workingDirectory: null);

    public async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in ClientEnvironment()) start.Environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_dockerd, TimeSpan.FromSeconds(30));
        await StopAsync(_containerd, TimeSpan.FromSeconds(15));
        _lock?.Dispose();
        // dockerd leaves its netns mount below the exec root; nothing may stay mounted once the daemon is gone.
        foreach (var mount in File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(ExecRoot, StringComparison.Ordinal)).Reverse())
        {
            using var umount = Process.Start("umount", ["-l", mount]);
            await umount.WaitForExitAsync();
        }
        TryDelete(ExecRoot);
        if (_temporaryDataRoot) TryDelete(ActiveDataRoot);
    }

    /// <summary>Both daemon processes have exited.</summary>
    public bool Stopped => (_dockerd is null || _dockerd.HasExited) && (_containerd is null || _containerd.HasExited);

    private static Process Launch(string fileName, OutputTail output, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(Func<bool> ready, Process process, string name, OutputTail output)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited ({process.ExitCode}) at start:\n{output}");
            if (ready()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not become ready within {StartTimeout}:\n{output}");
    }

    private static async Task StopAsync(Process? process, TimeSpan timeout)
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            // SIGTERM: dockerd stops its containers and unmounts; SIGKILL only if it hangs.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
