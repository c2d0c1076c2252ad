using MergeBus.Protocol.Jobs;
using MergeBus.Storage.WorkFolders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Steps;

/// <summary>
/// On start and every few minutes, removes the work folders of <paramref name="step"/> that no live process owns:
/// a step killed mid-job (kill -9, OOM) leaves its local files there, decrypted inputs among them.
/// </summary>
public abstract class WorkFolderSweeper(WorkerSettings worker, string step, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    /// <summary>Where a step keeps one work folder per running job: MERGE_TMP_DIR/&lt;step&gt;.</summary>
    public static string RootOf(WorkerSettings worker, string step) => Path.Combine(worker.TempDirectory, step);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        // Stopping disposes the timer, and its wait returns false. A wait canceled by the token would fail with an
        // exception whose stack trace .NET captures with file and line: every host's stop read symbol files (issue 22).
        await using var stop = stoppingToken.Register(timer.Dispose);
        do
        {
            Sweep();
        }
        while (!stoppingToken.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None));
    }

    /// <returns>How many folders were removed.</returns>
    public int Sweep()
    {
        try
        {
            var removed = WorkFolderJanitor.RemoveOrphans(RootOf(worker, step));
            if (removed > 0) logger.LogWarning("Removed {Count} {What} work folders left by a stopped process", removed, step);
            return removed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("{What} work folder cleanup failed: {Reason}", step, e.Message);
            return 0;
        }
    }
}
