using System.Text.RegularExpressions;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A storage emulator run by Node.js for tests (Azurite, firebase-tools' GCS emulator): a throw-away work directory,
/// ready when its listening line appears, killed with its process tree and its directory removed on dispose.
/// </summary>
public abstract class NodeEmulator : IDisposable
{
    private NodeServerProcess? _process;
    private DirectoryInfo? _workDirectory;

    public string CommandLine => _process?.CommandLine ?? string.Empty;

    public async Task InitializeAsync()
    {
        try
        {
            _workDirectory = Directory.CreateTempSubdirectory(WorkDirectoryPrefix);
            var launch = Prepare(_workDirectory);
            var (process, ready) = await NodeServerProcess.StartAsync("node", launch.Arguments, launch.Environment,
                launch.ReadyLine, launch.Timeout);
            _process = process;
            OnReady(ready);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _process?.Dispose();
        _process = null;
        try
        {
            _workDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }

        GC.SuppressFinalize(this);
    }

    protected abstract string WorkDirectoryPrefix { get; }

    /// <summary>The node command line for a server whose data lives in <paramref name="workDirectory"/>.</summary>
    protected abstract Launch Prepare(DirectoryInfo workDirectory);

    /// <summary>Reads the bound port (or anything else) from the line that said the server is ready.</summary>
    protected abstract void OnReady(Match ready);

    protected sealed record Launch(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment,
        Regex ReadyLine, TimeSpan Timeout);
}
