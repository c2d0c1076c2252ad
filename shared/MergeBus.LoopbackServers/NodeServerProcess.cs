using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A server process started for tests: output kept for failure messages, ready when a line matches, killed with its
/// whole process tree on dispose.
/// </summary>
public sealed class NodeServerProcess : IDisposable
{
    private readonly OutputTail _output = new();
    private readonly Process _process;
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeServerProcess(ProcessStartInfo start, Regex readyLine)
    {
        CommandLine = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, readyLine);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, readyLine);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException(
            $"server exited before it was ready.\n{CommandLine}\n{_output}"));
    }

    public string CommandLine { get; }

    public string Output => _output.ToString();

    public static async Task<(NodeServerProcess Process, Match Ready)> StartAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, Regex readyLine, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // closed when the test process dies, which ends the server too
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var server = new NodeServerProcess(start, readyLine);
        try
        {
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var match = await server._ready.Task.WaitAsync(timeout);
            return (server, match);
        }
        catch (TimeoutException)
        {
            var output = server.Output;
            server.Dispose();
            throw new TimeoutException($"server not ready after {timeout}.\n{server.CommandLine}\n{output}");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private void OnLine(string? line, Regex readyLine)
    {
        _output.Add(line);
        if (line is not null && readyLine.Match(line) is { Success: true } match) _ready.TrySetResult(match);
    }
}
