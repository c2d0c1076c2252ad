using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Media.Analysis;
using MergeBus.Protocol.Jobs;
using MergeBus.Testing.Audio;
using MergeBus.Testing.LiveKit;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Stock LiveKit end to end: webhooks made and signed by LiveKit's own SDK (tests/livekit-js) posted to the Ingest
/// process's POST /livekit/webhook; Fetcher, Mixer and Publisher as processes on Redis, RabbitMQ and s3rver.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveKitIntakeTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>Where a burst may sound, against where the file start times put it.</summary>
    private const double ToleranceSeconds = 0.002;

    [Fact]
    public async Task A_shuffled_stock_livekit_room_becomes_one_job_whose_mix_puts_every_burst_where_the_file_start_times_say()
    {
        await using var deployment = await StartAsync("lk-e2e");
        var room = await LiveKitSessions.CreateAsync(deployment, "RM_e2e", seed: 2001);
        var events = (await LiveKitJs.EventsAsync(room.Description)).ToList();

        // Shuffled, one posted twice, room_finished before the last egress_ended.
        var shuffled = events.OrderBy(_ => Random.Shared.Next()).ToList();
        var finished = shuffled.Single(e => e.Event == "room_finished");
        shuffled.Remove(finished);
        shuffled.Insert(shuffled.FindLastIndex(e => e.Event == "egress_ended"), finished);
        shuffled.Insert(shuffled.Count / 2, shuffled[0]);
        await PostAllAsync(deployment, shuffled);

        var jobId = "livekit_" + room.RoomSid;
        var status = (await deployment.WaitForCompletionAsync([jobId], Patience))[jobId];
        var manifest = await ReadJsonAsync(deployment, status.ManifestPath);
        var mix = await DecodeMixAsync(deployment, status.ManifestPath, manifest);

        var misses = new List<string>();
        foreach (var burst in room.Truth.Bursts)
        {
            var (onset, _) = ToneMeasure.FindBurst(mix, burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            if (!(Math.Abs(onset - burst.StartSeconds) <= ToleranceSeconds))
                misses.Add($"{burst.ParticipantId} at {burst.StartSeconds:F4} s sounds at {onset:F4} s");
        }
        output.WriteLine($"{room.Truth.Bursts.Count} bursts, worst onset error " +
            $"{room.Truth.Bursts.Max(b => Math.Abs(ToneMeasure.FindBurst(mix, b.FrequencyHz, b.StartSeconds, b.EndSeconds).Onset - b.StartSeconds)) * 1000:F3} ms");
        Assert.Empty(misses);
        var entries = manifest["participants"]!.AsArray();
        Assert.Equal(4, entries.Count);
        Assert.Equal(["carol", "carol"], entries.Where(p => ((string?)p!["participant_id"])!.StartsWith("PA_carol", StringComparison.Ordinal))
            .Select(p => (string?)p!["participant_identity"]));
        Assert.DoesNotContain(entries, p => ((string?)p!["track_id"])!.EndsWith("_v1", StringComparison.Ordinal));
        Assert.Contains("EG_RM_e2e_v1", manifest["livekit"]!.ToJsonString());
        Assert.Equal([jobId], await JobIdsAsync(deployment));
        Assert.Single(manifest["room_mix"]!["artifacts"]!.AsArray(), a => (string?)a!["format"] == "ogg_opus");
    }

    [Fact]
    public async Task A_room_whose_egress_ended_never_arrives_is_completed_from_listegress_whose_answer_is_kept_without_credentials()
    {
        await using var deployment = await StartAsync("lk-lookup", twirp: true);
        var room = await LiveKitSessions.CreateAsync(deployment, "RM_lookup", seed: 2002);
        // The egress request's upload section, as LiveKit's answers and webhooks carry it.
        room.Description["egresses"]![0]!["s3"] = new JsonObject
        {
            ["access_key"] = "AKIALOOKUPUPLOAD", ["secret"] = "lookup-upload-secret-value", ["bucket"] = "recordings",
        };
        var roomFile = Path.Combine(deployment.WorkDirectory, "room.json");
        await File.WriteAllTextAsync(roomFile, room.Description.ToJsonString());
        using var twirp = await LiveKitJs.StartTwirpEgressAsync(roomFile, LiveKitSessions.ApiKey, LiveKitSessions.ApiSecret);
        await deployment.StartAsync("Ingest", "ingest", only: new Dictionary<string, string> { ["MERGEBUS__LIVEKIT__URL"] = twirp.BaseUrl.ToString() });
        var events = await LiveKitJs.EventsAsync(room.Description);
        var dropped = events.First(e => e.Event == "egress_ended");

        await PostAllAsync(deployment, events.Where(e => e != dropped));

        var jobId = "livekit_" + room.RoomSid;
        var status = (await deployment.WaitForCompletionAsync([jobId], Patience))[jobId];
        Assert.Equal(JobStatuses.Completed, status.Status);
        Assert.Single(twirp.Requests);
        Assert.Equal(4, (await ReadJsonAsync(deployment, status.ManifestPath))["participants"]!.AsArray().Count);
        Assert.Contains(events, e => e.Body.Contains("lookup-upload-secret-value", StringComparison.Ordinal));
        var kept = (await deployment.Redis.HashGetAllAsync("{mergebus:livekit}:room:RM_lookup")).Select(e => (string)e.Value!)
            .Concat((await deployment.Redis.HashGetAllAsync("{mergebus:livekit}:room:RM_lookup:events")).Select(e => (string)e.Value!)).ToList();
        Assert.Contains(kept, v => v.Contains("EG_RM_lookup_a0", StringComparison.Ordinal));
        Assert.DoesNotContain(kept, v => v.Contains("lookup-upload-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_listed_by_its_egress_but_missing_from_storage_fails_the_room_naming_it_and_publishes_nothing()
    {
        await using var deployment = await StartAsync("lk-missing");
        var room = await LiveKitSessions.CreateAsync(deployment, "RM_missing", seed: 2003, upload: i => i != 1);

        await PostAllAsync(deployment, await LiveKitJs.EventsAsync(room.Description));

        var jobId = "livekit_" + room.RoomSid;
        var status = await WaitForStatusAsync(deployment, jobId, JobStatuses.Failed);
        Assert.Contains($"{room.FileKeys[1]} is listed by its egress but missing from storage", status.Error, StringComparison.Ordinal);
        using var http = Client(deployment);
        var record = (await http.GetFromJsonAsync<JsonObject>($"/livekit/rooms/{room.RoomSid}"))!;
        Assert.Equal(("failed", status.Error), ((string?)record["state"], (string?)record["reason"]));
        Assert.DoesNotContain(await deployment.Storage.ListAsync(room.RoomName + "/"), o => !room.FileKeys.Contains(o.Key));
        Assert.Equal(0, await deployment.Redis.ListLengthAsync("livekit:egress:merge:queue"));
    }

    /// <summary>The distributed stack with the LiveKit intake on and short settle times; Ingest too unless the test starts it.</summary>
    private async Task<Deployment> StartAsync(string name, bool twirp = false)
    {
        var deployment = await cluster.NewDeploymentAsync(name);
        deployment.With("EGRESS__API_KEY", LiveKitSessions.ApiKey).With("EGRESS__API_SECRET", LiveKitSessions.ApiSecret)
            .With("MERGEBUS__LIVEKIT__SETTLE_MIN", "4s").With("MERGEBUS__LIVEKIT__SETTLE_AFTER", "8s")
            .With("MERGEBUS__LIVEKIT__URL", "http://127.0.0.1:9");
        await Task.WhenAll(
            twirp ? Task.CompletedTask : deployment.StartAsync("Ingest", "ingest"),
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Publisher", "publisher"),
            deployment.StartAsync("Mixer", "mixer-a"));
        return deployment;
    }

    private static async Task PostAllAsync(Deployment deployment, IEnumerable<LiveKitJs.SignedEvent> events)
    {
        using var http = new HttpClient { BaseAddress = new Uri(IngestUrl(deployment)) };
        foreach (var signed in events)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/livekit/webhook")
            {
                Content = new StringContent(signed.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/webhook+json")),
            };
            request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
            using var answer = await http.SendAsync(request);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{signed.Event} {signed.Id}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static string IngestUrl(Deployment deployment) => deployment.Services.Single(s => s.Name == "ingest").Url;

    private static HttpClient Client(Deployment deployment)
    {
        var http = new HttpClient { BaseAddress = new Uri(IngestUrl(deployment)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deployment.ApiToken);
        return http;
    }

    private static async Task<JsonObject> ReadJsonAsync(Deployment deployment, string key)
    {
        await using var stream = await deployment.Storage.OpenReadAsync(key);
        return JsonNode.Parse(stream)!.AsObject();
    }

    /// <summary>The published room mix, decoded to 48 kHz mono.</summary>
    private static async Task<float[]> DecodeMixAsync(Deployment deployment, string manifestKey, JsonObject manifest)
    {
        var artifacts = manifest["room_mix"]?["artifacts"]?.AsArray()
            ?? throw new Xunit.Sdk.XunitException($"{manifestKey} lists no room_mix artifacts");
        var uri = (string)artifacts.First(a => (string?)a!["format"] is "ogg_opus" or "wav_pcm")!["storage_uri"]!;
        var folder = manifestKey[..manifestKey.LastIndexOf('/')];
        var key = uri.StartsWith(folder + "/", StringComparison.Ordinal) ? uri : $"{folder}/{uri}";
        var local = Path.Combine(deployment.WorkDirectory, "mix-" + Guid.NewGuid().ToString("N") + Path.GetExtension(key));
        await using (var remote = await deployment.Storage.OpenReadAsync(key))
        await using (var file = File.Create(local))
            await remote.CopyToAsync(file);
        return await MixChecks.DecodeAsync(local);
    }

    /// <summary>Every job with a status key in the deployment's Redis database.</summary>
    private static async Task<List<string>> JobIdsAsync(Deployment deployment)
    {
        var server = deployment.Connection.GetServer(deployment.Connection.GetEndPoints()[0]);
        var ids = new List<string>();
        await foreach (var key in server.KeysAsync(deployment.Database, "livekit:egress:merge:status:*"))
            ids.Add(((string)key!)["livekit:egress:merge:status:".Length..]);
        return ids;
    }

    private static async Task<MergeJob> WaitForStatusAsync(Deployment deployment, string jobId, string wanted)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await deployment.StatusAsync(jobId) is { } status && status.Status == wanted) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {jobId} never read {wanted}\n{deployment.Logs()}");
    }
}
