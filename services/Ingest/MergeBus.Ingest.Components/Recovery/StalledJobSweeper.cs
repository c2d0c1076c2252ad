using MassTransit;
using MergeBus.Configuration.Ingest;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.Recovery;

/// <summary>
/// Re-drives jobs whose step made no progress for <see cref="StalledJobSettings.StallTimeout"/>: a command lost
/// with a process killed between the saga's save and its send would otherwise leave the job running for good.
/// Needs the stored-saga query (Redis); with an in-memory saga there is one process and nothing to recover.
/// </summary>
public sealed class StalledJobSweeper(IServiceProvider services, StalledJobSettings settings, ILogger<StalledJobSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sagas = services.GetService<ISagaStateQuery<MergeJobState>>();
        if (sagas is null) return;
        using var timer = new PeriodicTimer(settings.Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(sagas, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Stalled-job sweep failed: {Reason}", e.Message.Split('\n', 2)[0]);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<int> SweepAsync(ISagaStateQuery<MergeJobState> sagas, CancellationToken cancellationToken)
    {
        var stalledBefore = DateTimeOffset.UtcNow - settings.StallTimeout;
        var resumed = 0;
        foreach (var state in MergeJobStates.Active)
        {
            foreach (var saga in (await sagas.ListByStateAsync(state, cancellationToken)).Select(s => s.Instance))
            {
                if (saga.LastProgressAt > stalledBefore) continue;
                logger.LogWarning("Job {JobId}: no progress in {Step} (try {Try}) since {Since:O}; sending its command again",
                    saga.JobId, saga.Step, saga.Try, saga.LastProgressAt);
                var bus = services.GetRequiredService<IBus>();
                await bus.Publish(new ResumeMergeJob { JobId = saga.JobId, Try = saga.Try }, cancellationToken);
                resumed++;
            }
        }
        return resumed;
    }
}
