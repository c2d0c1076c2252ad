using MassTransit;
using MergeBus.Configuration.Ingest;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Dashboard;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.LiveKit.Webhook;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Ingest.Components.Timeline;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Saga;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// The support API (Ingest). Every endpoint needs a bearer token (<see cref="ApiAuthentication"/>); submit and retry
/// need the operate role. Answers come from the job history (PostgreSQL) when configured, else from the Redis saga
/// store within its retention; each answer says which in <c>source</c> and <c>note</c>.
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        // The rate limiter before the endpoints (a host that maps the API gets its limits with it).
        if (app is IApplicationBuilder pipeline) pipeline.UseRateLimiter();
        var read = app.MapGroup("").RequireApiRole(ApiRoles.Read).RequireRateLimiting(ApiRateLimits.Policy);
        read.MapGet("/jobs", ListAsync);
        read.MapGet("/jobs/{id}", GetAsync);
        read.MapGet("/jobs/{id}/timeline.svg", TimelineAsync);
        read.MapGet("/sessions/{room}/{session}", SessionAsync);
        read.MapGet("/queue", QueueAsync);

        var operate = app.MapGroup("").RequireApiRole(ApiRoles.Operate).RequireRateLimiting(ApiRateLimits.Policy);
        operate.MapPost("/jobs", SubmitAsync);
        operate.MapPost("/jobs/{id}/retry", RetryAsync);

        app.MapDashboard();
        app.MapLiveKitWebhook();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IJobHistoryReader history, CancellationToken cancellationToken)
    {
        var (query, problem) = JobQueryParser.Parse(request.Query);
        if (problem is not null) return problem;
        var page = await history.ListAsync(query!, cancellationToken);
        return Results.Ok(new JobListAnswer(page.Jobs.Select(JobRow.From).ToList(), page.NextCursor, page.Source.Name, page.Source.Note));
    }

    private static async Task<IResult> GetAsync(string id, IJobHistoryReader history, IJobStatusStore statuses,
        CancellationToken cancellationToken)
    {
        id = RouteIds.Decode(id);
        var detail = await history.GetAsync(id, cancellationToken);
        if (detail is null) return Problems.NotFound($"no job {id}");
        var status = await statuses.GetAsync(id, cancellationToken);
        return Results.Ok(new JobAnswer(detail.Summary, detail.History, status?.Status, detail.Source.Name, detail.Source.Note));
    }

    private static async Task<IResult> SessionAsync(string room, string session, IJobHistoryReader history,
        CancellationToken cancellationToken)
    {
        (room, session) = (RouteIds.Decode(room), RouteIds.Decode(session));
        var page = await history.ListAsync(new JobQuery { Room = room, Session = session, Limit = JobQuery.MaxLimit }, cancellationToken);
        return Results.Ok(new JobListAnswer(page.Jobs.Select(JobRow.From).ToList(), page.NextCursor, page.Source.Name, page.Source.Note));
    }

    private static async Task<IResult> QueueAsync(QueueStats stats, CancellationToken cancellationToken) =>
        Results.Ok(await stats.ReadAsync(cancellationToken));

    private static async Task<IResult> TimelineAsync(string id, IJobHistoryReader history, CancellationToken cancellationToken)
    {
        id = RouteIds.Decode(id);
        var detail = await history.GetAsync(id, cancellationToken);
        return detail is null
            ? Problems.NotFound($"no job {id}")
            : Results.Text(TimelineSvg.Render(detail.Summary), "image/svg+xml");
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IJobSubmitter submitter, IngestOptions options,
        CancellationToken cancellationToken)
    {
        // JSON only: a cross-site form cannot send it, and nothing else is a job.
        if (!request.HasJsonContentType()) return Problems.NotJson();
        var limit = options.Queue.MaxEntryBytes;
        var body = request.ContentLength > limit ? null : await ReadAtMostAsync(request.Body, limit, cancellationToken);
        if (body is null)
            return Problems.TooLarge($"the job is over {limit} bytes (mergebus.limits.max_queue_entry_bytes)");
        MergeJob job;
        try
        {
            job = JobJson.Parse(body);
            await submitter.SubmitAsync(job, new JobOverrides(Source: "api"), cancellationToken);
        }
        catch (PermanentMergeException bad)
        {
            return Problems.BadRequest(JobFields.Named(bad.Message), bad.Message);
        }
        return Results.Accepted($"/jobs/{Uri.EscapeDataString(job.Id)}", new { id = job.Id });
    }

    private static async Task<IResult> RetryAsync(string id, JobRetrier retrier, CancellationToken cancellationToken)
    {
        id = RouteIds.Decode(id);
        var outcome = await retrier.RetryAsync(id, cancellationToken);
        return outcome switch
        {
            RetryOutcome.NotFound => Problems.NotFound($"no job {id}"),
            RetryOutcome.NotDeadLettered => Problems.Conflict($"job {id} is not dead-lettered; only a DeadLettered job can be retried"),
            _ => Results.Accepted($"/jobs/{Uri.EscapeDataString(id)}", new { id }),
        };
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="limit"/> bytes (never read further).</summary>
    private static async Task<string?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            total += read;
        return total > limit ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }
}
