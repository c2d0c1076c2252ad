using System.Diagnostics;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>A host expected to stop on its own (a configuration error): its exit code and stderr, or a timeout with all it printed.</summary>
public static class HostExit
{
    public static async Task<(int Code, string Stderr)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(start.ArgumentList.FirstOrDefault())} did not exit:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stderr);
    }
}
