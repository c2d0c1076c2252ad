using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Distributed.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ApiTests(Cluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_posted_to_the_api_is_accepted_and_its_status_record_reads_completed()
    {
        await using var deployment = await cluster.NewDeploymentAsync("api");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(500, 4));
        await deployment.StartAllAsync("mixer-a");
        using var http = Client(deployment);

        var job = new MergeJob { Id = "api-job-1", ManifestPath = session.ManifestKey, SessionId = session.SessionId };
        using var posted = await http.PostAsync("/jobs", new StringContent(JobJson.Serialize(job), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await deployment.WaitForCompletionAsync([job.Id], Patience);

        var status = await http.GetFromJsonAsync<JsonObject>($"/jobs/{job.Id}");
        Assert.Equal("completed", (string)status!["status"]!);
        Assert.Equal("redis", (string)status["source"]!); // no mergebus.history here
        Assert.True(await IsListedAsync(http, "Completed", job.Id));
    }

    [Fact]
    public async Task A_dead_lettered_job_runs_again_after_a_retry_request_once_its_input_exists()
    {
        await using var deployment = await cluster.NewDeploymentAsync("retry");
        await deployment.StartAllAsync("mixer-a");
        using var http = Client(deployment);
        var options = Sessions.TwoPeople(510, 4);
        var job = new MergeJob { Id = "retry-job-1", ManifestPath = $"{options.RoomName}/EG_synth{options.Seed}/manifest.json" };

        (await http.PostAsync("/jobs", new StringContent(JobJson.Serialize(job), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await WaitForStatusAsync(deployment, job.Id, JobStatuses.Failed);
        Assert.True(await IsListedAsync(http, "DeadLettered", job.Id));

        var session = await Sessions.UploadAsync(deployment, options);
        Assert.Equal(job.ManifestPath, session.ManifestKey);
        using var retried = await http.PostAsync($"/jobs/{job.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);

        // The status key still reads failed until the saga takes the retry.
        await deployment.WaitForCompletionAsync([job.Id], Patience, failFast: false);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    private static HttpClient Client(Deployment deployment)
    {
        var http = new HttpClient { BaseAddress = new Uri(deployment.Services.Single(s => s.Name == "ingest").Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Deployment.ApiToken);
        return http;
    }

    /// <summary>
    /// The status key is written during the saga's transition and the saga document is saved right after it, so a
    /// query by state may lag the status key by a moment.
    /// </summary>
    private static async Task<bool> IsListedAsync(HttpClient http, string state, string jobId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var listed = await http.GetFromJsonAsync<JsonObject>($"/jobs?state={state}");
            if (listed!["jobs"]!.AsArray().Any(j => (string)j!["id"]! == jobId)) return true;
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task WaitForStatusAsync(Deployment deployment, string jobId, string status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await deployment.StatusAsync(jobId))?.Status != status)
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"{jobId} never became {status}\n{deployment.Logs()}");
            await Task.Delay(50);
        }
    }
}
