using System.Diagnostics;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Every storage backend the egress can be configured with merges queued jobs end to end through the four services:
/// s3rver for S3, firebase-tools' Storage emulator for GCS, Azurite for Azure.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageBackendTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Theory]
    [InlineData(StorageBackend.S3)]
    [InlineData(StorageBackend.Gcs)]
    [InlineData(StorageBackend.Azure)]
    public async Task Queued_sessions_merge_end_to_end_on_each_storage_backend(StorageBackend backend)
    {
        await using var deployment = await cluster.NewDeploymentAsync($"store-{backend.ToString().ToLowerInvariant()}", backend);
        var starting = deployment.StartAllAsync("mixer-a");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(400, 2))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 5)));
        await starting;

        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);

        Assert.All(statuses.Values, s => Assert.Equal("completed", s.Status));
        foreach (var session in sessions)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        Assert.Empty(await deployment.Storage.ListAsync("staging/"));
        output.WriteLine($"{backend}: {ids.Count} jobs completed in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task On_gcs_the_merged_manifest_lands_beside_the_original_which_stays_untouched()
    {
        await using var deployment = await cluster.NewDeploymentAsync("gcs-beside", StorageBackend.Gcs);
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(450, 4));
        var original = await ReadAsync(deployment.Storage, session.ManifestKey);
        await deployment.StartAllInOneProcessAsync("all-in-one");

        await deployment.WaitForCompletionAsync([(await deployment.EnqueueAsync(session)).JobId], Patience);

        Assert.Equal($"{session.Directory}/{ManifestKeys.MergedFileName}", deployment.MergedManifestKey(session.ManifestKey));
        Assert.Equal(original, await ReadAsync(deployment.Storage, session.ManifestKey));
        var merged = JsonNode.Parse(await ReadAsync(deployment.Storage, deployment.MergedManifestKey(session.ManifestKey)))!;
        Assert.Equal("completed", (string?)merged["room_mix"]?["status"]);
        Assert.Equal((string?)JsonNode.Parse(original)!["session_id"], (string?)merged["session_id"]);
    }

    [Fact]
    public async Task A_refused_azure_key_stops_a_host_at_start_with_one_line_naming_the_key()
    {
        var blobService = await AzuriteServer.StartAsync(Cluster.Bucket);
        using var _ = blobService;
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var (code, stderr) = await RunHostAsync($"""
            redis: {"{"}address: "127.0.0.1:1"{"}"}
            storage:
              azure: {"{"}account_name: {AzuriteServer.AccountName}, account_key: "{wrongKey}", container_name: {Cluster.Bucket}{"}"}
            mergebus:
              storage: {"{"}azure_endpoint: "{blobService.Endpoint}"{"}"}
            """);

        Assert.Equal(2, code);
        Assert.StartsWith("configuration error: storage.azure.account_key was refused by account 'devstoreaccount1' (HTTP 403", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain(wrongKey, stderr);
    }

    [Fact]
    public async Task A_missing_azure_container_stops_a_host_at_start_with_one_line_naming_the_key()
    {
        var blobService = await AzuriteServer.StartAsync();
        using var _ = blobService;

        var (code, stderr) = await RunHostAsync($"""
            redis: {"{"}address: "127.0.0.1:1"{"}"}
            storage:
              azure: {"{"}account_name: {AzuriteServer.AccountName}, account_key: "{AzuriteServer.AccountKey}", container_name: nowhere{"}"}
            mergebus:
              storage: {"{"}azure_endpoint: "{blobService.Endpoint}"{"}"}
            """);

        Assert.Equal((2, "configuration error: storage.azure.container_name container 'nowhere' does not exist"), (code, stderr.Trim()));
    }

    [Fact]
    public async Task A_gcs_key_that_is_not_a_service_account_key_stops_a_host_at_start_naming_the_key()
    {
        var (code, stderr) = await RunHostAsync("""
            redis: {address: "127.0.0.1:1"}
            storage:
              gcp: {bucket: recordings, credentials_json: "{\"type\": \"service_account\", \"private_key\": \"not-a-key\"}"}
            """);

        Assert.Equal((2, "configuration error: storage.gcp.credentials_json is not a service account key (JSON)"), (code, stderr.Trim()));
    }

    private static async Task<string> ReadAsync(IObjectStorage storage, string key)
    {
        await using var stream = await storage.OpenReadAsync(key);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static async Task<(int Code, string Stderr)> RunHostAsync(string yaml)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(ServiceProcess.HostDll("Fetcher"));
        start.Environment["EGRESS_CONFIG_BODY"] = yaml;
        return await HostExit.RunAsync(start);
    }
}
