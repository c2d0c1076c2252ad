using MergeBus.Protocol.Jobs;
using MergeBus.Storage.WorkFolders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components;

/// <summary>
/// On start and every few minutes, removes mix work folders under MERGE_TMP_DIR that no live mix owns: a Mixer
/// killed mid-mix leaves its inputs there, decrypted when the session was encrypted.
/// </summary>
public sealed class MixWorkFolderJanitor(WorkerSettings worker, ILogger<MixWorkFolderJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            Sweep();
        }
        while (await NextAsync(timer, stoppingToken));
    }

    public int Sweep()
    {
        try
        {
            var removed = WorkFolderJanitor.RemoveOrphans(TrackMixer.MixWorkRoot(worker));
            if (removed > 0) logger.LogWarning("Removed {Count} mix work folders left by a stopped Mixer", removed);
            return removed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Mix work folder cleanup failed: {Reason}", e.Message);
            return 0;
        }
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
