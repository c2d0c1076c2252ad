using System.Diagnostics;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Redis.Queue;
using MergeBus.ServiceDefaults.Health;
using MergeBus.ServiceDefaults.Storage;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// The start's storage check runs on the thread pool beside the rest of the start (StorageStartupCheck): it must still
/// stop a misconfigured host before any job is taken, and readiness must reuse its answer rather than ask again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageStartupTests(Cluster cluster)
{
    [Fact]
    public async Task A_missing_s3_bucket_stops_ingest_with_redis_and_rabbitmq_up_before_it_claims_a_queued_job()
    {
        await using var deployment = await cluster.NewDeploymentAsync("missing-bucket");
        const string job = """{"job_id":"queued-before-start","manifest":"s3://nowhere/a/manifest.json"}""";
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, job);
        var yaml = deployment.Yaml.Replace($"bucket: {Cluster.Bucket}", "bucket: nowhere", StringComparison.Ordinal);
        Assert.NotEqual(deployment.Yaml, yaml);

        var (code, stderr) = await RunIngestAsync(deployment, yaml);

        Assert.Equal((2, "configuration error: storage.s3.bucket bucket 'nowhere' does not exist"), (code, stderr.Trim()));
        Assert.Equal([job], (await deployment.Redis.ListRangeAsync(EgressQueueKeys.Queue)).Select(v => (string)v!));
    }

    [Fact]
    public async Task Readiness_after_a_successful_start_check_answers_healthy_without_asking_the_store_again()
    {
        var store = new MergeBus.Storage.S3.S3ObjectStorage(cluster.S3.Options(Cluster.Bucket, "startup-check"));
        var startup = new StorageStartupCheck();
        startup.Begin(store, StorageOptions.For(cluster.S3.Options(Cluster.Bucket, "startup-check")));
        Assert.NotEqual(0, await startup.Answered);
        // Any request now fails (the client is gone): only the start's answer can make the probe healthy.
        store.Dispose();

        var result = await new StorageHealthCheck(new MergeStores(store, store), startup).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    private static async Task<(int Code, string Stderr)> RunIngestAsync(Deployment deployment, string yaml)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(ServiceProcess.HostDll("Ingest"));
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("MERGEBUS__") || k.StartsWith("EGRESS")).ToList())
            start.Environment.Remove(variable);
        start.Environment["EGRESS_CONFIG_BODY"] = yaml;
        start.Environment["MERGE_TMP_DIR"] = deployment.TempDirectoryOf("missing-bucket");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestPorts.FreeLoopbackPort()}";
        return await HostExit.RunAsync(start);
    }
}
