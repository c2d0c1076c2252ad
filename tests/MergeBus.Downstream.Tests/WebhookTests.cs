using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Downstream.Tests.Support;
using MergeBus.LoopbackServers;
using Xunit.Abstractions;

namespace MergeBus.Downstream.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WebhookTests(Cluster cluster, ITestOutputHelper output)
{
    private const string HmacSecret = "whsec-7b1d0c5e-never-in-logs";
    private const string ApiKey = "APIq9Wk3mergebus";
    private const string ApiSecret = "lk-secret-4f2a9c1e-never-in-logs";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Both_signature_kinds_verify_independently_and_arrive_on_the_third_call_after_two_failures()
    {
        var receiver = new WebhookReceiver(TestPorts.FreeLoopbackPort()) { FailFirst = 2 };
        receiver.Always["/gone"] = 410;
        receiver.Start();
        await using var _ = receiver;
        await using var deployment = await cluster.NewDeploymentAsync("webhooks");
        Configure(deployment, receiver);
        deployment.With("MERGEBUS__WEBHOOKS__2__URL", receiver.BaseUrl + "/gone?token=query-secret")
            .With("MERGEBUS__WEBHOOKS__2__SECRET", HmacSecret)
            .With("MERGEBUS__WEBHOOKS__2__EVENTS", "MergeJobCompleted");
        var starting = deployment.StartAllAsync("mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(740, 4));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([id], Patience);
        await WaitAsync(() => receiver.Received.Count(r => r.Path != "/gone" && r.Status == 200) == 2, TimeSpan.FromSeconds(60), deployment);
        await WaitAsync(async () => await deployment.Redis.ListLengthAsync("mergebus:{webhooks}:failed") == 1, TimeSpan.FromSeconds(30), deployment);

        foreach (var path in new[] { "/hmac", "/livekit" })
        {
            var calls = receiver.Received.Where(r => r.Path == path).ToList();
            Assert.Equal([503, 503, 200], calls.Select(c => c.Status));
            Assert.Single(calls.Select(c => c.Headers["MergeBus-Event-Id"]).Distinct());
            Assert.Equal(["1", "2", "3"], calls.Select(c => c.Headers["MergeBus-Delivery-Attempt"]));
            Assert.Equal("MergeJobCompleted", calls[2].Headers["MergeBus-Event"]);
            Assert.Equal(id, (string)JsonNode.Parse(calls[2].Body)!["jobId"]!);
            Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(400), "retries back off");
            Assert.True(calls[2].At - calls[1].At >= calls[1].At - calls[0].At, "the backoff grows");
        }
        var hmac = receiver.Received.Last(r => r.Path == "/hmac");
        Assert.Null(IndependentVerifiers.HmacProblem(hmac.Headers["MergeBus-Signature"], hmac.Body, HmacSecret, DateTimeOffset.UtcNow));
        Assert.Equal("signature mismatch", IndependentVerifiers.HmacProblem(hmac.Headers["MergeBus-Signature"], [.. hmac.Body, 32], HmacSecret, DateTimeOffset.UtcNow));
        Assert.Equal("timestamp outside 5 minutes",
            IndependentVerifiers.HmacProblem(hmac.Headers["MergeBus-Signature"], hmac.Body, HmacSecret, DateTimeOffset.UtcNow.AddMinutes(6)));
        var livekit = receiver.Received.Last(r => r.Path == "/livekit");
        Assert.Null(IndependentVerifiers.LiveKitProblem(livekit.Headers["Authorization"], livekit.Body, ApiKey, ApiSecret, DateTimeOffset.UtcNow));
        Assert.Equal("sha256 claim does not match the body",
            IndependentVerifiers.LiveKitProblem(livekit.Headers["Authorization"], Encoding.UTF8.GetBytes("{}"), ApiKey, ApiSecret, DateTimeOffset.UtcNow));
        Assert.Equal("bad token signature",
            IndependentVerifiers.LiveKitProblem(livekit.Headers["Authorization"], livekit.Body, ApiKey, "other-secret", DateTimeOffset.UtcNow));

        // A 410 is not retried: it gives up at once, visibly, without the URL's query.
        Assert.Single(receiver.Received, r => r.Path == "/gone");
        var failure = JsonNode.Parse((string)(await deployment.Redis.ListGetByIndexAsync("mergebus:{webhooks}:failed", 0))!)!;
        Assert.Equal(id, (string)failure["JobId"]!);
        Assert.Contains("HTTP 410", (string)failure["Reason"]!);
        var ingest = deployment.Services.Single(s => s.Name == "ingest");
        Assert.Contains(ingest.Lines, l => l.Contains("gave up") && l.Contains(id));
        foreach (var service in deployment.Services)
        {
            Assert.DoesNotContain(HmacSecret, service.Output);
            Assert.DoesNotContain(ApiSecret, service.Output);
            Assert.DoesNotContain("query-secret", service.Output);
        }
        output.WriteLine($"hmac: {hmac.Headers["MergeBus-Signature"]}");
        output.WriteLine($"livekit: Authorization: {livekit.Headers["Authorization"]}");
        output.WriteLine($"body: {Encoding.UTF8.GetString(hmac.Body)}");
    }

    [Fact]
    public async Task A_receiver_down_while_ingest_restarts_still_gets_the_delivery_exactly_once()
    {
        var receiver = new WebhookReceiver(TestPorts.FreeLoopbackPort());
        await using var _ = receiver;
        await using var deployment = await cluster.NewDeploymentAsync("webhook-restart");
        Configure(deployment, receiver);
        var ingest = await deployment.StartAsync("Ingest", "ingest");
        await Task.WhenAll(deployment.StartAsync("Fetcher", "fetcher"), deployment.StartAsync("Mixer", "mixer-a"),
            deployment.StartAsync("Publisher", "publisher"));
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(741, 4));

        var (id, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([id], Patience);
        // Connection refused: the deliveries are stored with a failed attempt.
        await WaitAsync(async () => (await deployment.Redis.HashValuesAsync("mergebus:{webhooks}:deliveries"))
            .Count(v => !((string)v!).Contains("\"Attempts\":0,")) == 2, TimeSpan.FromSeconds(30), deployment);
        // Stop Ingest (SIGTERM, as Kubernetes does); the deployment still owns the process object.
        using (var term = Process.Start("kill", ["-TERM", ingest.Id.ToString()])) await term.WaitForExitAsync();
        await ingest.WaitForExitAsync(TimeSpan.FromSeconds(30));
        receiver.Start();
        await deployment.StartAsync("Ingest", "ingest-again");

        await WaitAsync(() => receiver.Received.Count == 2, TimeSpan.FromSeconds(60), deployment);
        await Task.Delay(TimeSpan.FromSeconds(3)); // nothing more arrives
        Assert.Equal(["/hmac", "/livekit"], receiver.Received.Select(r => r.Path).Order());
        Assert.All(receiver.Received, r => Assert.Equal(id, (string)JsonNode.Parse(r.Body)!["jobId"]!));
        Assert.Equal(0, await deployment.Redis.HashLengthAsync("mergebus:{webhooks}:deliveries"));
    }

    private static void Configure(Deployment deployment, WebhookReceiver receiver) => deployment
        .With("EGRESS__API_KEY", ApiKey)
        .With("EGRESS__API_SECRET", ApiSecret)
        .With("MERGEBUS__WEBHOOKS__MIN_INTERVAL", "500ms")
        .With("MERGEBUS__WEBHOOKS__0__URL", receiver.BaseUrl + "/hmac")
        .With("MERGEBUS__WEBHOOKS__0__SECRET", HmacSecret)
        .With("MERGEBUS__WEBHOOKS__0__EVENTS", "MergeJobCompleted")
        .With("MERGEBUS__WEBHOOKS__1__URL", receiver.BaseUrl + "/livekit")
        .With("MERGEBUS__WEBHOOKS__1__SIGNATURE", "livekit")
        .With("MERGEBUS__WEBHOOKS__1__EVENTS", "MergeJobCompleted");

    private static Task WaitAsync(Func<bool> condition, TimeSpan timeout, Deployment deployment) =>
        WaitAsync(() => Task.FromResult(condition()), timeout, deployment);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Deployment deployment)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"not within {timeout}\n{deployment.Logs(60)}");
            await Task.Delay(100);
        }
    }
}
