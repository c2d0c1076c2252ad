using MassTransit;
using MergeBus.Configuration.Ingest;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Dashboard;
using MergeBus.Ingest.Components.History;
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
        var read = app.MapGroup("").RequireApiRole(ApiRoles.Read);
        read.MapGet("/jobs", ListAsync);
        read.MapGet("/jobs/{id}", GetAsync);
        read.MapGet("/jobs/{id}/timeline.svg", TimelineAsync);
        read.MapGet("/sessions/{room}/{session}", SessionAsync);
        read.MapGet("/queue", QueueAsync);

        var operate = app.MapGroup("").RequireApiRole(ApiRoles.Operate);
        operate.MapPost("/jobs", SubmitAsync);
        operate.MapPost("/jobs/{id}/retry", RetryAsync);

        app.MapDashboard();
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
        var detail = await history.GetAsync(id, cancellationToken);
        if (detail is null) return Problems.NotFound($"no job {id}");
        var status = await statuses.GetAsync(id, cancellationToken);
        return Results.Ok(new JobAnswer(detail.Summary, detail.History, status?.Status, detail.Source.Name, detail.Source.Note));
    }

    private static async Task<IResult> SessionAsync(string room, string session, IJobHistoryReader history,
        CancellationToken cancellationToken)
    {
        var page = await history.ListAsync(new JobQuery { Room = room, Session = session, Limit = JobQuery.MaxLimit }, cancellationToken);
        return Results.Ok(new JobListAnswer(page.Jobs.Select(JobRow.From).ToList(), page.NextCursor, page.Source.Name, page.Source.Note));
    }

    private static async Task<IResult> QueueAsync(QueueStats stats, CancellationToken cancellationToken) =>
        Results.Ok(await stats.ReadAsync(cancellationToken));

    private static async Task<IResult> TimelineAsync(string id, IJobHistoryReader history, CancellationToken cancellationToken)
    {
        var detail = await history.GetAsync(id, cancellationToken);
        return detail is null
            ? Problems.NotFound($"no job {id}")
            : Results.Text(TimelineSvg.Render(detail.Summary), "image/svg+xml");
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IJobSubmitter submitter, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
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
        var outcome = await retrier.RetryAsync(id, cancellationToken);
        return outcome switch
        {
            RetryOutcome.NotFound => Problems.NotFound($"no job {id}"),
            RetryOutcome.NotDeadLettered => Problems.Conflict($"job {id} is not dead-lettered; only a DeadLettered job can be retried"),
            _ => Results.Accepted($"/jobs/{Uri.EscapeDataString(id)}", new { id }),
        };
    }
}

/// <summary>A job in a list: the summary without its history details.</summary>
public sealed record JobRow(
    string Id, string State, string Step, string Source, string Room, string SessionId, string ManifestPath, int Attempts,
    int FailedAttempts, string LastError, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static JobRow From(JobSummary s) => new(s.Id, s.State, s.Step, s.Source, s.Room, s.SessionId, s.ManifestPath, s.Attempts,
        s.FailedAttempts, s.LastError, s.SubmittedAt, s.UpdatedAt, s.FinishedAt);
}

public sealed record JobListAnswer(IReadOnlyList<JobRow> Jobs, string? NextCursor, string Source, string Note);

public sealed record JobAnswer(JobSummary Job, IReadOnlyList<HistoryEntry> History, string? Status, string Source, string Note);

/// <summary>Which job JSON field a parse error is about, for the 400's <c>field</c>.</summary>
public static class JobFields
{
    private static readonly string[] Names = ["manifest_path", "session_id", "master_key", "encryption", "created_at", "id", "layout", "formats"];

    public static string Named(string message) =>
        Names.FirstOrDefault(n => message.Contains(n, StringComparison.OrdinalIgnoreCase)) ?? "body";
}

public enum RetryOutcome { Accepted, NotFound, NotDeadLettered }

/// <summary>Asks the saga to run a dead-lettered job again (from the step that failed, as the saga decides).</summary>
public sealed class JobRetrier(ISagaStateQuery<MergeJobState> sagas, IPublishEndpoint publisher)
{
    public async Task<RetryOutcome> RetryAsync(string id, CancellationToken cancellationToken)
    {
        var saga = await sagas.GetByJobIdAsync(id, cancellationToken);
        if (saga is null) return RetryOutcome.NotFound;
        if (saga.Instance.CurrentState != JobStates.DeadLettered) return RetryOutcome.NotDeadLettered;
        await publisher.Publish(new RetryMergeJob { JobId = id }, cancellationToken);
        return RetryOutcome.Accepted;
    }
}
