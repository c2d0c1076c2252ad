using Marten;
using Marten.Linq.MatchesSql;
using MergeBus.Configuration.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// Deletes the history of jobs with nothing recorded for <see cref="HistorySettings.Retention"/>: the summary, the
/// event stream and the dedupe marks, in one transaction per batch. Runs shortly after start and then hourly.
/// Two Ingest instances may sweep at once: every delete is of rows that may already be gone (a missing stream is not
/// an error), and a sweep that fails, on a lock conflict or anything else, is logged and tried again next time.
/// </summary>
public sealed class JobHistorySweeper(IDocumentStore store, HistorySettings settings, ILogger<JobHistorySweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstDelay, stoppingToken);
            using var timer = new PeriodicTimer(Period);
            do
            {
                try
                {
                    await SweepOnceAsync(DateTimeOffset.UtcNow, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // PostgreSQL down or busy: the next tick tries again. The message, not the connection string.
                    logger.LogWarning("Job history sweep failed ({Error}): {Reason}", e.GetType().Name, e.Message.Split('\n', 2)[0]);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Deletes every job last active before <paramref name="now"/> minus the retention; returns how many.</summary>
    public async Task<int> SweepOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - settings.Retention;
        var schema = QuotedSchema();
        // The last event's time is the job's last activity: it holds whatever order the events arrived in.
        var candidates = $"""
            select s.id from {schema}.mt_streams s
            join {schema}.mt_events e on e.stream_id = s.id and e.version = s.version
            where e.timestamp < ? order by s.id limit ?
            """;
        var deleted = 0;
        while (true)
        {
            IReadOnlyList<string> jobs;
            await using (var query = store.QuerySession())
                jobs = await query.AdvancedSql.QueryAsync<string>(candidates, cancellationToken, cutoff, BatchSize);
            if (jobs.Count == 0) break;

            await using var session = store.LightweightSession();
            var ids = jobs.ToArray();
            session.DeleteWhere<JobSummary>(j => j.Id.IsOneOf(ids));
            // RecordedMessage ids are "<job id>|<dedupe key>".
            var prefixes = ids.Select(id => id + "|").ToArray();
            // Wrapped: a bare string[] would be taken as the params array itself, one parameter per prefix.
            object[] parameters = [prefixes];
            session.DeleteWhere<RecordedMessage>(r => r.MatchesSql("d.id ^@ any(?)", parameters));
            foreach (var id in ids) session.Events.TombstoneStream(id);
            await session.SaveChangesAsync(cancellationToken);
            deleted += ids.Length;
            if (ids.Length < BatchSize) break;
        }
        if (deleted > 0) logger.LogInformation("Deleted the history of {Count} jobs last active before {Cutoff:O}", deleted, cutoff);
        return deleted;
    }

    /// <summary>Marten writes its schema unquoted, so PostgreSQL folds it to lower case; quoted here to stay one identifier.</summary>
    private string QuotedSchema() => "\"" + settings.Schema.ToLowerInvariant().Replace("\"", "\"\"") + "\"";
}
