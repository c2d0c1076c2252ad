using System.Diagnostics;
using System.Globalization;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real RabbitMQ node (Debian's rabbitmq-server, no plugins) on free loopback ports, with its own node name,
/// data and log directories and Erlang cookie, so it never touches a system node. Stopped and deleted on dispose.
/// The guest/guest account works because clients connect over loopback. The node has its own epmd (Erlang's port
/// mapper) on a free loopback port too: the default one listens on every address at 4369 and outlives the node.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string ScriptsDirectory = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly OutputTail _output = new(200);
    private Process? _process;

    private RabbitMqServer(string directory, int port, int distributionPort, int epmdPort)
    {
        Directory = directory;
        Port = port;
        DistributionPort = distributionPort;
        EpmdPort = epmdPort;
        NodeName = $"mergebus-test-{port}@localhost";
    }

    public const string Host = "127.0.0.1";
    public const string Username = "guest";
    public const string Password = "guest";

    public string Directory { get; }
    public int Port { get; }
    public int DistributionPort { get; }

    /// <summary>This node's own epmd, on <see cref="Host"/>; stopped on dispose.</summary>
    public int EpmdPort { get; }
    public string NodeName { get; }

    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(ScriptsDirectory, "rabbitmq-server")))
            throw new InvalidOperationException("rabbitmq-server not found: apt-get install rabbitmq-server");
        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("mergebus-rabbitmq-").FullName;
            var server = new RabbitMqServer(directory, TestPorts.FreeLoopbackPort(), TestPorts.FreeLoopbackPort(),
                TestPorts.FreeLoopbackPort());
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch (Exception failure)
            {
                lastFailure = failure;
                await server.DisposeAsync();
            }
        }
        throw new InvalidOperationException("rabbitmq-server did not start.", lastFailure);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // A clean stop first: killing the shell script alone can leave beam.smp behind.
            try
            {
                await RunControlAsync(TimeSpan.FromSeconds(30), "stop");
            }
            catch (Exception)
            {
                // Fall through to the kill.
            }
        }
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
            }
            _process.Dispose();
            _process = null;
        }
        await StopEpmdAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stops this node's epmd (started by the node, detached from it, so not in its process tree).</summary>
    private async Task StopEpmdAsync()
    {
        try
        {
            var start = new ProcessStartInfo("epmd")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-kill");
            start.Environment["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture);
            using var epmd = Process.Start(start);
            if (epmd is null) return;
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await epmd.WaitForExitAsync(cancel.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException
                                      or System.ComponentModel.Win32Exception)
        {
            // Nothing started it, or it is gone already.
        }
    }

    private string HomeDirectory => Path.Combine(Directory, "home");

    private async Task LaunchAsync()
    {
        System.IO.Directory.CreateDirectory(HomeDirectory);
        var cookie = Path.Combine(HomeDirectory, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, "MERGEBUS" + Guid.NewGuid().ToString("N").ToUpperInvariant());
        // Erlang refuses a cookie file others can read. (rabbitmq-server exists on Linux only.)
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        await File.WriteAllTextAsync(Path.Combine(Directory, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(Directory, "rabbitmq.conf"), "");
        await File.WriteAllTextAsync(Path.Combine(Directory, "rabbitmq-env.conf"), "");

        var start = Start("rabbitmq-server");
        _process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // await_startup fails at once until the node has registered with epmd; then it waits for the boot.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"rabbitmq-server exited ({_process.ExitCode}):\n{_output}");
            var (exitCode, _) = await RunControlAsync(TimeSpan.FromSeconds(60), "await_startup", "--timeout", "60");
            if (exitCode == 0)
                return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"rabbitmq-server on port {Port} did not start within {StartTimeout}:\n{_output}");
    }

    /// <summary>Runs rabbitmqctl against this node with this node's cookie.</summary>
    public async Task<(int ExitCode, string Output)> RunControlAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = Start("rabbitmqctl");
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(NodeName);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var control = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start.");
        var stdout = control.StandardOutput.ReadToEndAsync();
        var stderr = control.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await control.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            control.Kill(entireProcessTree: true);
            return (-1, "rabbitmqctl timed out");
        }
        return (control.ExitCode, await stdout + await stderr);
    }

    private ProcessStartInfo Start(string script)
    {
        var start = new ProcessStartInfo(Path.Combine(ScriptsDirectory, script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        var environment = start.Environment;
        environment["HOME"] = HomeDirectory;
        environment["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture);
        environment["ERL_EPMD_ADDRESS"] = Host;
        environment["RABBITMQ_NODENAME"] = NodeName;
        environment["RABBITMQ_NODE_IP_ADDRESS"] = Host;
        environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(Directory, "mnesia");
        environment["RABBITMQ_LOG_BASE"] = Path.Combine(Directory, "log");
        environment["RABBITMQ_LOGS"] = "-";
        environment["RABBITMQ_PID_FILE"] = Path.Combine(Directory, "rabbitmq.pid");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Directory, "enabled_plugins");
        environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(Directory, "rabbitmq");
        environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Directory, "rabbitmq-env.conf");
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Directory, "advanced.config");
        return start;
    }
}
