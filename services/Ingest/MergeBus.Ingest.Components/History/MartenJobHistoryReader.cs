using Marten;
using Marten.Linq.MatchesSql;

namespace MergeBus.Ingest.Components.History;

public sealed class MartenJobHistoryReader(IDocumentStore store) : IJobHistoryReader
{
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var jobs = session.Query<JobSummary>().AsQueryable();
        if (query.State is { } state) jobs = jobs.Where(j => j.State == state);
        if (query.Room is { } room) jobs = jobs.Where(j => j.Room == room);
        if (query.Session is { } sessionId) jobs = jobs.Where(j => j.SessionId == sessionId);
        if (query.Since is { } since) jobs = jobs.Where(j => j.SubmittedAt >= since);
        if (query.Until is { } until) jobs = jobs.Where(j => j.SubmittedAt < until);
        if (query.Error is { } error) jobs = jobs.Where(j => j.LastError.Contains(error, StringComparison.OrdinalIgnoreCase));
        if (query.After is { } after) jobs = jobs.Where(j => j.MatchesSql("d.data ->> 'SortKey' < ?", after));
        var page = await jobs.OrderByDescending(j => j.SortKey).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > query.Limit;
        var shown = page.Take(query.Limit).ToList();
        return new JobPage(shown, more ? JobCursor.Encode(shown[^1].SortKey) : null, HistorySource.History);
    }

    public async Task<JobDetail?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var summary = await session.LoadAsync<JobSummary>(jobId, cancellationToken);
        if (summary is null) return null;
        var events = await session.Events.FetchStreamAsync(jobId, token: cancellationToken);
        return new JobDetail(summary,
            [.. events.Select(e => new HistoryEntry(e.Version, e.Timestamp, e.Data.GetType().Name, e.Data))],
            HistorySource.History);
    }
}
