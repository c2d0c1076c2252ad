using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.LoopbackServers;
using MergeBus.Protocol.Jobs;
using MergeBus.Support.Tests.Support;
using MergeBus.Testing.LiveKit;
using Microsoft.Extensions.DependencyInjection;
using static MergeBus.Support.Tests.LiveKitRoomDescriptions;

namespace MergeBus.Support.Tests;

/// <summary>
/// POST /livekit/webhook on the Ingest API (all four services in this process, real Redis), with webhooks made and
/// signed by LiveKit's own JS SDK (tests/livekit-js).
/// </summary>
[Collection(SupportCollection.Name)]
public sealed class LiveKitWebhookTests(SupportServers servers)
{
    private const string Room = "lk-room";

    // settle_min: longer than signing and posting a room's events takes.
    private static Dictionary<string, string> Settings(string settleMin = "5s", string settleAfter = "30s") => new()
    {
        ["EGRESS__API_KEY"] = ApiKey,
        ["EGRESS__API_SECRET"] = ApiSecret,
        ["MERGEBUS__LIVEKIT__SETTLE_MIN"] = settleMin,
        ["MERGEBUS__LIVEKIT__SETTLE_AFTER"] = settleAfter,
        ["MERGEBUS__LIVEKIT__URL"] = $"http://127.0.0.1:{TestPorts.FreeLoopbackPort()}", // nothing listens there
    };

    private static JsonObject Description(string roomSid) =>
        OneTrack(roomSid, Room, $"{Room}/{roomSid}/alice-TR_alice1-2026-12-05T071200.ogg", 140437, DateTimeOffset.UtcNow.AddSeconds(-14));

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_a_401_naming_a_bad_signature_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitJs.EventsAsync(Description("RM_badsig"), "--wrong-secret"))[^1];

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "bad signature");
        Assert.Null(await Rooms(host).GetAsync("RM_badsig", CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_webhook_token_is_a_401_naming_the_expiry_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitJs.EventsAsync(Description("RM_expired"), "--expired"))[^1];
        Assert.False((await LiveKitJs.VerifyAsync(ApiKey, ApiSecret, signed.Body, signed.Authorization)).Ok);

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "expired token");
        Assert.Null(await Rooms(host).GetAsync("RM_expired", CancellationToken.None));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_a_401_naming_the_hash_mismatch_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitJs.EventsAsync(Description("RM_altered"), "--altered-body"))[^1];
        Assert.False((await LiveKitJs.VerifyAsync(ApiKey, ApiSecret, signed.Body, signed.Authorization)).Ok);

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "body hash mismatch");
        Assert.Null(await Rooms(host).GetAsync("RM_altered", CancellationToken.None));
    }

    [Fact]
    public async Task The_same_event_sent_twice_is_200_both_times_and_stored_once()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitJs.EventsAsync(Description("RM_twice")))[0];
        Assert.True((await LiveKitJs.VerifyAsync(ApiKey, ApiSecret, signed.Body, signed.Authorization)).Ok);

        using var first = await PostAsync(host, signed);
        var before = await Rooms(host).GetAsync("RM_twice", CancellationToken.None);
        using var second = await PostAsync(host, signed);
        var after = await Rooms(host).GetAsync("RM_twice", CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal("repeat", (string?)(await second.Content.ReadFromJsonAsync<JsonNode>())!["outcome"]);
        Assert.Equal(1, after!.Events);
        Assert.Equal(before, after);
        Assert.Single(await Rooms(host).EventsAsync("RM_twice", CancellationToken.None));
    }

    [Fact]
    public async Task A_room_whose_egress_never_ends_fails_naming_it_when_listegress_cannot_be_reached_and_queues_no_job()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings("500ms", "1s"));
        var events = await LiveKitJs.EventsAsync(Description("RM_unended"));

        foreach (var signed in events.Where(e => e.Event != "egress_ended"))
        {
            using var answer = await PostAsync(host, signed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        var status = await WaitForStatusAsync(host, "livekit_RM_unended", JobStatuses.Failed);

        Assert.StartsWith("room RM_unended: egresses not ended and ListEgress failed 3 times: ListEgress at http://127.0.0.1:", status.Error);
        var record = (await Rooms(host).GetAsync("RM_unended", CancellationToken.None))!;
        Assert.Equal((LiveKitRoomStates.Failed, status.Error), (record.State, record.Reason));
        Assert.Equal(0, await host.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase()
            .ListLengthAsync("livekit:egress:merge:queue"));
    }

    [Fact]
    public async Task Storage_credentials_in_an_egress_request_are_never_stored_in_redis()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var description = Description("RM_creds");
        description["egresses"]![0]!["s3"] = new JsonObject
        {
            ["access_key"] = "AKIAEGRESSUPLOAD", ["secret"] = "egress-upload-secret-value", ["bucket"] = "recordings",
        };
        var events = await LiveKitJs.EventsAsync(description);
        Assert.Contains(events, e => e.Body.Contains("egress-upload-secret-value", StringComparison.Ordinal));

        foreach (var signed in events)
        {
            using var answer = await PostAsync(host, signed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var stored = await Rooms(host).EventsAsync("RM_creds", CancellationToken.None);
        Assert.Equal(events.Count, stored.Count);
        Assert.DoesNotContain(stored, e => Encoding.UTF8.GetString(e).Contains("egress-upload-secret-value", StringComparison.Ordinal)
            || Encoding.UTF8.GetString(e).Contains("AKIAEGRESSUPLOAD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_thousand_events_for_one_room_are_429_past_the_limit_and_fail_the_room_while_another_room_is_still_answered()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var flood = await LiveKitJs.EventsAsync(ManyTracks("RM_flood", 10_000));
        var other = (await LiveKitJs.EventsAsync(Description("RM_other")))[0];
        Assert.Equal(10_000, flood.Count);

        var statuses = new HttpStatusCode[flood.Count];
        using (var http = new HttpClient { BaseAddress = new Uri(host.Url) })
        {
            // A few at a time, as LiveKit's webhook workers post.
            await Parallel.ForEachAsync(Enumerable.Range(0, flood.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                using var answer = await PostAsync(http, flood[i]);
                statuses[i] = answer.StatusCode;
            });
        }
        using var otherAnswer = await PostAsync(host, other);
        var record = await Rooms(host).GetAsync("RM_flood", CancellationToken.None);
        var status = await host.Services.GetRequiredService<IJobStatusStore>().GetAsync("livekit_RM_flood");

        Assert.Equal((5000, 5000), (statuses.Count(s => s == HttpStatusCode.OK), statuses.Count(s => s == HttpStatusCode.TooManyRequests)));
        Assert.Equal((LiveKitRoomStates.Failed, 5000), (record!.State, record.Events));
        Assert.Equal("room RM_flood sent more than 5000 webhook events (mergebus.limits.max_livekit_events_per_room)", record.Reason);
        Assert.Equal((JobStatuses.Failed, record.Reason), (status!.Status, status.Error));
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Assert.Equal(LiveKitRoomStates.Open, (await Rooms(host).GetAsync("RM_other", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Room_finished_before_track_published_still_queues_one_job_that_merges_the_track_under_its_identity()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        const string roomSid = "RM_order";
        var description = Description(roomSid);
        var filename = (string)description["egresses"]![0]!["files"]![0]!["filename"]!;
        var file = Path.Combine(host.Root, "recordings", filename);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(Path.Combine(RepoPaths.SharedFixture("livekit-sample"), "file1.ogg"), file);
        File.SetAttributes(file, FileAttributes.Normal);
        var events = await LiveKitJs.EventsAsync(description);
        Assert.Equal(["track_published", "egress_started", "egress_updated", "egress_ended", "room_finished"], events.Select(e => e.Event));

        // room_finished first, track_published last.
        foreach (var signed in events.Reverse())
        {
            using var answer = await PostAsync(host, signed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        var job = await host.WaitForAsync("livekit_" + roomSid, a => SupportHost.IsState(a, "Completed"));

        var record = (await Rooms(host).GetAsync(roomSid, CancellationToken.None))!;
        Assert.Equal(LiveKitRoomStates.Queued, record.State);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(host.Root, "recordings", record.ManifestKey)))!;
        var participant = Assert.Single(manifest["participants"]!.AsArray())!;
        Assert.Equal(("alice", "TR_alice1"), ((string?)participant["participant_identity"], (string?)participant["track_id"]));
        Assert.Equal("completed", (string?)manifest["room_mix"]?["status"]);
        Assert.Equal(record.ManifestKey, (string?)job["job"]!["manifestPath"]);
    }

    private static async Task<MergeJob> WaitForStatusAsync(SupportHost host, string jobId, string wanted)
    {
        var statuses = host.Services.GetRequiredService<IJobStatusStore>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await statuses.GetAsync(jobId) is { } status && status.Status == wanted) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {jobId} never read {wanted}");
    }

    private static LiveKitRoomStore Rooms(SupportHost host) => host.Services.GetRequiredService<LiveKitRoomStore>();

    private static async Task<HttpResponseMessage> PostAsync(SupportHost host, LiveKitJs.SignedEvent signed)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        return await PostAsync(http, signed);
    }

    /// <summary>As the LiveKit server posts a webhook: the bare JWT in Authorization, application/webhook+json.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, LiveKitJs.SignedEvent signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/livekit/webhook")
        {
            Content = new StringContent(signed.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/webhook+json")),
        };
        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        return await http.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage answer, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal($"webhook refused: {reason}", (string?)problem["detail"]);
    }
}
