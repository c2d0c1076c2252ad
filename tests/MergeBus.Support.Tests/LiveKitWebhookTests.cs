using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.Protocol.Jobs;
using MergeBus.Support.Tests.LiveKit;
using MergeBus.Support.Tests.Support;
using MergeBus.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Support.Tests;

/// <summary>
/// POST /livekit/webhook on the Ingest API (all four services in this process, real Redis), with webhooks serialized
/// and signed by LiveKit's own JS SDK.
/// </summary>
[Collection(SupportCollection.Name)]
public sealed class LiveKitWebhookTests(SupportServers servers)
{
    private const string ApiKey = "APIintakeTests";
    private const string ApiSecret = "intake-secret-0123456789abcdefghijklmnop";
    private const string Room = "lk-room";

    private static Dictionary<string, string> Settings(string settleMin = "300ms", string settleAfter = "10s") => new()
    {
        ["EGRESS__API_KEY"] = ApiKey,
        ["EGRESS__API_SECRET"] = ApiSecret,
        ["MERGEBUS__LIVEKIT__SETTLE_MIN"] = settleMin,
        ["MERGEBUS__LIVEKIT__SETTLE_AFTER"] = settleAfter,
        ["MERGEBUS__LIVEKIT__URL"] = "http://127.0.0.1:9", // never asked in these tests
    };

    private static LiveKitTrack Alice(string roomSid) => new("PA_alice1", "alice", "TR_alice1", "EG_" + roomSid + "_a",
        $"{Room}/{roomSid}/alice-TR_alice1-2026-02-13T032745.ogg", 1_770_953_265_733_534_662, 1_770_953_278_491_932_000, 140437);

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_a_401_naming_a_bad_signature_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitTool.SignAsync(ApiKey, "another-secret-0123456789abcdefghijkl",
            [new WebhookToSign(LiveKitEvents.RoomFinished("EV_bad_sig", "RM_badsig", Room, 1_770_953_280_000_000_000))]))[0];

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "bad signature");
        Assert.Null(await Rooms(host).GetAsync("RM_badsig", CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_webhook_token_is_a_401_naming_the_expiry_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitTool.SignAsync(ApiKey, ApiSecret,
            [new WebhookToSign(LiveKitEvents.RoomFinished("EV_expired", "RM_expired", Room, 1_770_953_280_000_000_000), Ttl: "2 hours ago")]))[0];
        Assert.False(signed.SdkAccepts);

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "expired");
        Assert.Null(await Rooms(host).GetAsync("RM_expired", CancellationToken.None));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_a_401_naming_the_hash_mismatch_and_nothing_is_stored()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitTool.SignAsync(ApiKey, ApiSecret,
            [new WebhookToSign(LiveKitEvents.RoomFinished("EV_tampered", "RM_tampered", Room, 1_770_953_280_000_000_000), Tamper: "body")]))[0];
        Assert.False(signed.SdkAccepts);

        using var answer = await PostAsync(host, signed);

        await AssertRefusedAsync(answer, "body hash mismatch");
        Assert.Null(await Rooms(host).GetAsync("RM_tampered", CancellationToken.None));
    }

    [Fact]
    public async Task The_same_event_sent_twice_is_200_both_times_and_stored_once()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var signed = (await LiveKitTool.SignAsync(ApiKey, ApiSecret,
            [new WebhookToSign(LiveKitEvents.TrackPublished("EV_twice", "RM_twice", Room, Alice("RM_twice")))]))[0];
        Assert.True(signed.SdkAccepts);

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
    public async Task Ten_thousand_events_for_one_room_are_429_past_the_limit_and_fail_the_room_while_another_room_is_still_answered()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false, environment: Settings());
        var track = Alice("RM_flood");
        var flood = await LiveKitTool.SignAsync(ApiKey, ApiSecret, Enumerable.Range(0, 10_000)
            .Select(i => new WebhookToSign(LiveKitEvents.TrackPublished($"EV_flood_{i}", "RM_flood", Room, track))));
        var other = (await LiveKitTool.SignAsync(ApiKey, ApiSecret,
            [new WebhookToSign(LiveKitEvents.TrackPublished("EV_other", "RM_other", Room, Alice("RM_other")))]))[0];

        var statuses = new HttpStatusCode[flood.Count];
        using (var http = new HttpClient { BaseAddress = new Uri(host.Url) })
        {
            // Four at a time, as LiveKit's webhook workers post.
            await Parallel.ForEachAsync(Enumerable.Range(0, flood.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            {
                using var answer = await PostAsync(http, flood[i]);
                statuses[i] = answer.StatusCode;
            });
        }
        using var otherAnswer = await PostAsync(host, other);
        var record = await Rooms(host).GetAsync("RM_flood", CancellationToken.None);
        var status = await host.Services.GetRequiredService<IJobStatusStore>().GetAsync("livekit_RM_flood");

        Assert.Equal(5000, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5000, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
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
        var track = Alice(roomSid);
        var file = Path.Combine(host.Root, "recordings", track.Filename);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(Path.Combine(RepoPaths.SharedFixture("livekit-sample"), "file1.ogg"), file);
        File.SetAttributes(file, FileAttributes.Normal);
        var events = await LiveKitTool.SignAsync(ApiKey, ApiSecret,
        [
            new WebhookToSign(LiveKitEvents.RoomFinished("EV_o1", roomSid, Room, track.EndedAtNs + 1_000_000_000)),
            new WebhookToSign(LiveKitEvents.EgressEnded("EV_o2", roomSid, Room, track)),
            new WebhookToSign(LiveKitEvents.EgressStarted("EV_o3", roomSid, Room, track)),
            new WebhookToSign(LiveKitEvents.TrackPublished("EV_o4", roomSid, Room, track)),
        ]);

        foreach (var signed in events)
        {
            using var answer = await PostAsync(host, signed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        var job = await host.WaitForAsync("livekit_" + roomSid, a => SupportHost.IsState(a, "Completed"));

        var record = (await Rooms(host).GetAsync(roomSid, CancellationToken.None))!;
        Assert.Equal(LiveKitRoomStates.Queued, record.State);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(host.Root, "recordings", record.ManifestKey)))!;
        var participant = Assert.Single(manifest["participants"]!.AsArray())!;
        Assert.Equal(("alice", "PA_alice1", "TR_alice1"),
            ((string?)participant["participant_identity"], (string?)participant["participant_id"], (string?)participant["track_id"]));
        Assert.Equal("completed", (string?)manifest["room_mix"]?["status"]);
        Assert.Equal(record.ManifestKey, (string?)job["job"]!["manifest_path"]);
    }

    private static LiveKitRoomStore Rooms(SupportHost host) => host.Services.GetRequiredService<LiveKitRoomStore>();

    private static async Task<HttpResponseMessage> PostAsync(SupportHost host, SignedWebhook signed)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        return await PostAsync(http, signed);
    }

    /// <summary>As the LiveKit server posts a webhook: the bare JWT in Authorization, application/webhook+json.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, SignedWebhook signed)
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
        Assert.Contains(reason, (string?)problem["detail"], StringComparison.Ordinal);
    }
}
