using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Saga;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// The Ingest HTTP API. POST /jobs takes the same job JSON as the egress queue; GET /jobs/{id} is the status key;
/// GET /jobs?state=S lists sagas; POST /jobs/{id}/retry reruns a dead-lettered job.
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs");
        jobs.MapPost("/", SubmitAsync);
        jobs.MapGet("/{id}", GetAsync);
        jobs.MapGet("/", ListAsync);
        jobs.MapPost("/{id}/retry", RetryAsync);
        return app;
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
            return Results.BadRequest(new { error = bad.Message });
        }
        return Results.Accepted($"/jobs/{Uri.EscapeDataString(job.Id)}", new { id = job.Id });
    }

    private static async Task<IResult> GetAsync(string id, IJobStatusStore statuses, CancellationToken cancellationToken)
    {
        var status = await statuses.GetAsync(id, cancellationToken);
        return status is null
            ? Results.NotFound(new { error = $"no status for job {id}" })
            : Results.Text(JobJson.Serialize(status.WithoutSecrets()), "application/json");
    }

    private static async Task<IResult> ListAsync(string? state, ISagaStateQuery<MergeJobState> sagas,
        CancellationToken cancellationToken)
    {
        var found = string.IsNullOrEmpty(state)
            ? await sagas.ListAllAsync(cancellationToken)
            : await sagas.ListByStateAsync(state, cancellationToken);
        return Results.Ok(found.Select(s => JobSummary.From(s.Instance)).OrderBy(s => s.SubmittedAt));
    }

    private static async Task<IResult> RetryAsync(string id, ISagaStateQuery<MergeJobState> sagas,
        IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var saga = await sagas.GetByJobIdAsync(id, cancellationToken);
        if (saga is null) return Results.NotFound(new { error = $"no job {id}" });
        if (saga.Instance.CurrentState != MergeJobStates.DeadLettered)
            return Results.Conflict(new { error = $"job {id} is {saga.Instance.CurrentState}; only a DeadLettered job can be retried" });
        await publisher.Publish(new RetryMergeJob { JobId = id }, cancellationToken);
        return Results.Accepted($"/jobs/{Uri.EscapeDataString(id)}", new { id });
    }
}

/// <summary>One saga as the API and CLI list it. Holds nothing secret (the saga holds nothing secret).</summary>
public sealed record JobSummary(
    string Id, string State, string Step, int Attempt, int FailedAttempts, string LastError, string WorkerId,
    string ManifestPath, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, int Try = 0, IReadOnlyList<string>? Notes = null)
{
    public static JobSummary From(MergeJobState saga) => new(
        saga.JobId, saga.CurrentState, saga.Step, saga.Attempt, saga.FailedAttempts, saga.LastError, saga.WorkerId,
        saga.ManifestPath, saga.SubmittedAt, saga.UpdatedAt, saga.Try, saga.Notes);
}
