using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Ingest.Components.History;
using MergeBus.Redis.Queue;
using MergeBus.Support.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MergeBus.Support.Tests;

/// <summary>
/// Hostile input where it arrives: queue entries pushed to a real Redis and claimed by the real Ingest listener, and
/// API requests over HTTP. Each row checks its answer or dead-list reason, that no job was made and no key kept, and
/// that a valid job queued right after still completes.
/// </summary>
[Collection(SupportCollection.Name)]
public sealed class HostileServiceInputTests(SupportServers servers)
{
    private const string MasterKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    private const string DefaultLimits = "api_requests_per_minute: 100000";

    /// <param name="Limits">The host's <c>mergebus.limits</c>.</param>
    /// <param name="Arrange">Run before the job count is taken.</param>
    /// <param name="Entry">A queue entry to push, or null for an API row.</param>
    /// <param name="Reason">The dead-list reason an entry must get.</param>
    /// <param name="Send">An API row's requests and the checks of their answers.</param>
    private sealed record Row(
        string Limits = DefaultLimits,
        Func<SupportHost, Task>? Arrange = null,
        string? Entry = null,
        string? Reason = null,
        Func<SupportHost, Task>? Send = null);

    private static readonly string HugeEntry =
        $$"""{"id":"big","manifest_path":"r/s/manifest.json","encryption":{"master_key":"{{MasterKey}}"},"pad":"{{new string('x', 70_000)}}"}""";

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["an entry over 64 KiB"] = new(Entry: HugeEntry,
            Reason: $"queue entry is {HugeEntry.Length} bytes; the limit is 65536 (mergebus.limits.max_queue_entry_bytes)"),
        ["an id over 256 characters"] = new(Entry: $$"""{"id":"{{new string('i', 300)}}","manifest_path":"r/s/manifest.json"}""",
            Reason: "job id is 300 characters; the limit is 256 (mergebus.limits.max_id_length)"),
        ["a manifest_path over 1 KiB"] = new(Entry: $$"""{"id":"long-path","manifest_path":"{{new string('p', 2000)}}"}""",
            Reason: "job manifest_path is 2000 characters; the limit is 1024 (mergebus.limits.max_path_length)"),
        ["a master key written twice, the last invalid"] = new(
            Entry: $$$"""{"id":"dup-key","manifest_path":"r/s/manifest.json","encryption":{"mode":"aes_256","master_key":"{{{MasterKey}}}","master_key":"not-a-key"}}""",
            Reason: "master key must be base64 of 32 bytes"),
        ["an entry that is not JSON and holds a key"] = new(
            Entry: $$"""{"id":"broken","encryption":{"master_key":"{{MasterKey}}" """,
            Reason: "job entry is not valid JSON"),
        ["since past the year 9999"] = new(Send: async host =>
        {
            using var reader = host.Client(SupportHost.ReadToken);
            using var answer = await reader.GetAsync("/jobs?since=99999999999999");
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("since", (string?)(await answer.Content.ReadFromJsonAsync<JsonNode>())!["field"]);
        }),
        ["a query key holding markup"] = new(Arrange: SubmitTwoJobsAsync, Send: async host =>
        {
            using var reader = host.Client(SupportHost.ReadToken);
            var html = await reader.GetStringAsync("/?limit=1&\"><script>alert(document.domain)</script>=1");
            Assert.Contains("class=\"next\"", html);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("document.domain", html);
        }),
        ["a job sent as text/plain"] = new(Send: async host =>
        {
            using var operate = host.Client(SupportHost.OperateToken);
            using var answer = await operate.PostAsync("/jobs", new StringContent(ValidJob("plain", SupportHost.SampleManifest)));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        }),
        ["a job body over 64 KiB"] = new(Send: async host =>
        {
            using var operate = host.Client(SupportHost.OperateToken);
            using var answer = await operate.PostAsync("/jobs", Json(HugeEntry));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
            Assert.Contains("mergebus.limits.max_queue_entry_bytes", (string?)(await answer.Content.ReadFromJsonAsync<JsonNode>())!["detail"]);
        }),
        ["a job id over 256 characters by the API"] = new(Send: async host =>
        {
            using var operate = host.Client(SupportHost.OperateToken);
            using var answer = await operate.PostAsync("/jobs", Json(ValidJob(new string('i', 300), SupportHost.SampleManifest)));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Equal("id", (string?)problem!["field"]);
            Assert.Equal("job id is 300 characters; the limit is 256 (mergebus.limits.max_id_length)", (string?)problem["detail"]);
        }),
        ["a burst of wrong bearer tokens"] = new(Limits: DefaultLimits + ", sign_in_failures_per_minute: 3", Send: async host =>
        {
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client($"wrong-token-{i:D12}").GetAsync("/jobs")).StatusCode);
            // Past the limit even the right token is not checked: a guess that happens to be right learns nothing.
            using var answer = await host.Client(SupportHost.ReadToken).GetAsync("/jobs");
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
            Assert.Contains("mergebus.limits.sign_in_failures_per_minute", (string?)(await answer.Content.ReadFromJsonAsync<JsonNode>())!["detail"]);
        }),
        ["a burst of wrong tokens at the sign-in form"] = new(Limits: DefaultLimits + ", sign_in_failures_per_minute: 3", Send: async host =>
        {
            using var browser = NoRedirects(host);
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, $"wrong-token-{i:D12}")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(browser, SupportHost.OperateToken)).StatusCode);
        }),
        ["a flood of API requests"] = new(Limits: "api_requests_per_minute: 5", Send: async host =>
        {
            using var reader = host.Client(SupportHost.ReadToken);
            for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/queue")).StatusCode);
            using var answer = await reader.GetAsync("/queue");
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
            Assert.Contains("mergebus.limits.api_requests_per_minute", (string?)(await answer.Content.ReadFromJsonAsync<JsonNode>())!["detail"]);
        }),
        ["a cookie holding the raw token"] = new(Send: async host =>
        {
            using var browser = NoRedirects(host);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs");
            // Under today's session cookie's name, and under the name the cookie once had when it held the token.
            request.Headers.Add("Cookie", $"mergebus_session={SupportHost.OperateToken}; mergebus_token={SupportHost.OperateToken}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(request)).StatusCode);
        }),
        ["a signed-in browser's cross-site form posts"] = new(Send: async host =>
        {
            using var browser = NoRedirects(host);
            var session = SessionCookie(await SignInAsync(browser, SupportHost.OperateToken));
            using var plain = new HttpRequestMessage(HttpMethod.Post, "/jobs/any/retry") { Content = new StringContent("x") };
            plain.Headers.Add("Cookie", session);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await browser.SendAsync(plain)).StatusCode);
            using var form = new HttpRequestMessage(HttpMethod.Post, "/ui/jobs/any/retry")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["form_token"] = "forged" }),
            };
            form.Headers.Add("Cookie", session);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(form)).StatusCode);
        }),
    };

    public static TheoryData<string> RowNames => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task A_hostile_input_gets_its_reason_makes_no_job_keeps_no_key_and_the_next_valid_job_completes(string name)
    {
        var row = Rows[name];
        await using var host = await SupportHost.StartAsync(servers, history: false, limits: row.Limits);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        if (row.Arrange is not null) await row.Arrange(host);
        var jobsBefore = await CountJobsAsync(host);
        var deadBefore = await redis.ListLengthAsync(EgressQueueKeys.Dead);

        if (row.Entry is not null)
        {
            await redis.ListRightPushAsync(EgressQueueKeys.Queue, row.Entry);
            var record = await NextDeadRecordAsync(redis, deadBefore);
            Assert.StartsWith(row.Reason!, record.GetProperty("reason").GetString());
            var kept = record.GetProperty("entry").GetString()!;
            Assert.InRange(kept.Length, 1, 2048);
            Assert.DoesNotContain(MasterKey, record.GetRawText());
            Assert.DoesNotContain("not-a-key", record.GetRawText());
            Assert.Equal(0, await redis.ListLengthAsync(EgressQueueKeys.Processing));
        }
        if (row.Send is not null) await row.Send(host);

        Assert.Equal(jobsBefore, await CountJobsAsync(host));
        Assert.Equal(deadBefore + (row.Entry is null ? 0 : 1), await redis.ListLengthAsync(EgressQueueKeys.Dead));
        var valid = "valid-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = host.AddSession("room-" + valid, "S_" + valid);
        await redis.ListRightPushAsync(EgressQueueKeys.Queue, ValidJob(valid, manifest));
        Assert.Equal("completed", await WaitForStatusAsync(redis, valid));
    }

    private static string ValidJob(string id, string manifest) =>
        $$"""{"id":"{{id}}","manifest_path":"{{manifest}}","session_id":"{{manifest.Split('/')[1]}}"}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task SubmitTwoJobsAsync(SupportHost host)
    {
        // Their manifests are missing: they fail fast, and two jobs give a list of limit=1 a next page.
        await host.SubmitAsync("listed-1", "room-x/S_missing_1/manifest.json");
        await host.SubmitAsync("listed-2", "room-x/S_missing_2/manifest.json");
        await host.WaitForAsync("listed-1", a => SupportHost.IsState(a, "DeadLettered"));
        await host.WaitForAsync("listed-2", a => SupportHost.IsState(a, "DeadLettered"));
    }

    private static async Task<int> CountJobsAsync(SupportHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IJobHistoryReader>()
            .ListAsync(new JobQuery { Limit = JobQuery.MaxLimit }, CancellationToken.None);
        return page.Jobs.Count;
    }

    private static async Task<JsonElement> NextDeadRecordAsync(IDatabase redis, long before)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await redis.ListLengthAsync(EgressQueueKeys.Dead) <= before)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the entry never reached the dead list");
            await Task.Delay(50);
        }
        return JsonDocument.Parse((string)(await redis.ListGetByIndexAsync(EgressQueueKeys.Dead, -1))!).RootElement;
    }

    private static async Task<string?> WaitForStatusAsync(IDatabase redis, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? status = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var value = await redis.StringGetAsync("livekit:egress:merge:status:" + id);
            if (!value.IsNullOrEmpty)
            {
                status = (string?)JsonNode.Parse((string)value!)!["status"];
                if (status is "completed" or "failed") return status;
            }
            await Task.Delay(100);
        }
        return status;
    }

    private static HttpClient NoRedirects(SupportHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(host.Url) };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token) =>
        browser.PostAsync("/ui/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));

    private static string SessionCookie(HttpResponseMessage signedIn)
    {
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mergebus_session=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
    }
}
