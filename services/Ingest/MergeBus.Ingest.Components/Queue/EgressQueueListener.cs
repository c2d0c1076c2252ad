using MassTransit;
using MergeBus.Ingest.Components.FaultInjection;
using MergeBus.Steps;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Ingest.Components.Telemetry;
using MergeBus.Redis.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.Queue;

/// <summary>
/// Takes jobs off the egress queue (spec §1) and hands them to the saga. An entry is acknowledged only after
/// SubmitMergeJob was published; one that can never work goes to the dead list with its reason; one whose hand-off
/// failed stays claimed and comes back after the visibility timeout. A bad entry never stops the loop.
/// </summary>
public sealed class EgressQueueListener(
    EgressQueue queue,
    IServiceScopeFactory scopes,
    IBusControl bus,
    ILogger<EgressQueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        queue.EntriesRefused += count => logger.LogWarning(
            "{Count} egress queue entries over {Limit} bytes dead-listed unread (mergebus.limits.max_queue_entry_bytes)",
            count, queue.Options.MaxEntryBytes);
        return Task.WhenAll(
            Task.Run(() => ClaimLoopAsync(stoppingToken), stoppingToken),
            Task.Run(() => RequeueLoopAsync(stoppingToken), stoppingToken));
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        // This service may start before the bus: a job published before the bus has bound its queues could be lost.
        if (!await BusHealthy.WaitAsync(bus, stoppingToken)) return;
        logger.LogInformation("Listening on {Queue}", EgressQueueKeys.Queue);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claim = await queue.ClaimAsync(ClaimWait, stoppingToken);
                if (claim is not null) await HandleAsync(claim, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Redis unreachable, for instance. Claims already made are requeued by the visibility timeout.
                logger.LogWarning("Egress queue unavailable: {Reason}", OneLine(e));
                await Pause(stoppingToken);
            }
        }
    }

    /// <summary>One claimed entry: parse, hand off, then ack or dead-letter.</summary>
    public async Task HandleAsync(QueueClaim claim, CancellationToken cancellationToken)
    {
        CrashPoints.Reached(CrashPoints.AfterClaim);
        MergeJob job;
        try
        {
            job = JobJson.Parse(claim.Entry);
            // Before the id goes into a log scope, a trace or the saga: a 50 MB id must stop here.
            JobEntryCheck.Check(job, queue.Options);
        }
        catch (Exception bad) when (bad is not OperationCanceledException)
        {
            // Whatever the exception, an entry we cannot read is dead-listed (its key removed), never retried forever.
            var reason = bad is PermanentMergeException ? bad.Message : $"job entry cannot be read ({bad.GetType().Name})";
            await DeadLetterAsync(claim, reason, cancellationToken);
            return;
        }

        using var trace = IngestTracing.StartQueueClaim(job.Id);
        using var logScope = logger.BeginScope("Job {JobId}", job.Id);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IJobSubmitter>()
                .SubmitAsync(job, new JobOverrides(Source: "queue"), cancellationToken);
        }
        catch (PermanentMergeException bad)
        {
            await DeadLetterAsync(claim, bad.Message, cancellationToken);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId}: hand-off failed, the entry goes back to the queue: {Reason}", job.Id, OneLine(e));
            // Give it back now rather than after the visibility timeout; pause so a bus outage is not a hot loop.
            await queue.ReleaseAsync(claim, CancellationToken.None);
            await Task.Delay(FailurePause, cancellationToken);
            return;
        }

        CrashPoints.Reached(CrashPoints.AfterHandOff);
        if (await queue.AckAsync(claim, cancellationToken))
            logger.LogInformation("Job {JobId}: accepted from the egress queue", job.Id);
        else
            logger.LogInformation("Job {JobId}: accepted, but its claim had expired and was requeued; the saga ignores the duplicate", job.Id);
    }

    private async Task DeadLetterAsync(QueueClaim claim, string reason, CancellationToken cancellationToken)
    {
        await queue.DeadLetterAsync(claim, reason, cancellationToken);
        logger.LogWarning("Egress queue entry {ClaimId} dead-lettered: {Reason}", claim.ClaimId, reason);
    }

    private async Task RequeueLoopAsync(CancellationToken stoppingToken)
    {
        var half = queue.Options.VisibilityTimeout / 2;
        var period = half < TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250)
            : half > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : half;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var requeued = await queue.RequeueExpiredAsync(stoppingToken);
                    if (requeued > 0)
                        logger.LogWarning("Requeued {Count} egress queue entries whose claim outlived {Timeout}",
                            requeued, queue.Options.VisibilityTimeout);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Could not requeue expired claims: {Reason}", OneLine(e));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task Pause(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FailurePause, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string OneLine(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}";
}
