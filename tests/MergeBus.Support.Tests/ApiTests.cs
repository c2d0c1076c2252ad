using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MergeBus.Support.Tests.Support;

namespace MergeBus.Support.Tests;

[Collection(SupportCollection.Name)]
public sealed class ApiTests(SupportServers servers)
{
    [Fact]
    public async Task No_token_is_401_a_read_token_on_retry_is_403_and_a_bad_filter_is_a_400_naming_the_field()
    {
        await using var host = await SupportHost.StartAsync(servers);
        using var anonymous = host.Client(null);
        using var reader = host.Client(SupportHost.ReadToken);

        var unauthorized = await anonymous.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client("wrong-token-0123456789").GetAsync("/queue")).StatusCode);

        var forbidden = await reader.PostAsync("/jobs/any/retry", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var bad = await reader.GetAsync("/jobs?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal("limit", (string?)problem!["field"]);
        Assert.Equal(400, (int)problem["status"]!);
        var badState = await (await reader.GetAsync("/jobs?state=Sleeping")).Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal("state", (string?)badState!["field"]);

        using var operator1 = host.Client(SupportHost.OperateToken);
        var badJob = await operator1.PostAsync("/jobs", new StringContent("""{"id": "x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJob.StatusCode);
        Assert.Equal("manifest_path", (string?)(await badJob.Content.ReadFromJsonAsync<JsonNode>())!["field"]);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Jobs_are_found_by_room_session_and_time_range_and_pages_stay_stable_while_new_jobs_arrive()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var started = DateTimeOffset.UtcNow;
        // One at a time: the saga stamps a job's submission when it takes it, and it may take jobs posted together in
        // any order, so the newest-first order this test reads is only defined once each job is known before the next.
        for (var i = 1; i <= 3; i++)
        {
            await host.SubmitAsync($"q-job-{i}", host.AddSession(i == 3 ? "room-b" : "room-a", $"S_q{i}"));
            await host.WaitForAsync($"q-job-{i}", _ => true);
        }
        await host.WaitForAsync("q-job-3", a => a["job"]!["room"]!.ToString().Length > 0);
        await host.WaitForAsync("q-job-1", a => (string?)a["job"]!["room"] == "room-a");
        var afterFirst = DateTimeOffset.UtcNow;
        using var http = host.Client(SupportHost.ReadToken);

        var roomA = await http.GetFromJsonAsync<JsonNode>("/jobs?room=room-a");
        Assert.Equal(["q-job-2", "q-job-1"], Ids(roomA!));
        var session = await http.GetFromJsonAsync<JsonNode>("/sessions/room-b/S_q3");
        Assert.Equal(["q-job-3"], Ids(session!));
        var none = await http.GetFromJsonAsync<JsonNode>($"/jobs?since={Uri.EscapeDataString(afterFirst.AddMinutes(1).ToString("O"))}");
        Assert.Empty(Ids(none!));
        var all = await http.GetFromJsonAsync<JsonNode>($"/jobs?since={Uri.EscapeDataString(started.AddSeconds(-1).ToString("O"))}&until={Uri.EscapeDataString(afterFirst.AddSeconds(1).ToString("O"))}");
        Assert.Equal(["q-job-3", "q-job-2", "q-job-1"], Ids(all!));

        var first = await http.GetFromJsonAsync<JsonNode>("/jobs?limit=2");
        Assert.Equal(["q-job-3", "q-job-2"], Ids(first!));
        await host.SubmitAsync("q-job-4", host.AddSession("room-a", "S_q4"));
        await host.WaitForAsync("q-job-4", _ => true);
        var second = await http.GetFromJsonAsync<JsonNode>($"/jobs?limit=2&cursor={first!["nextCursor"]}");
        Assert.Equal(["q-job-1"], Ids(second!));
        Assert.Null(second!["nextCursor"]);
    }

    [Fact]
    public async Task Without_postgresql_the_api_answers_from_the_redis_saga_store_and_says_so()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false);
        await host.SubmitAsync("r-job", host.AddSession("room-r", "S_r"));
        var answer = await host.WaitForAsync("r-job", a => SupportHost.IsState(a, "Completed"));
        Assert.Equal("redis", (string?)answer["source"]);
        Assert.Contains("Redis saga store", (string?)answer["note"]);
        using var http = host.Client(SupportHost.ReadToken);
        var list = await http.GetFromJsonAsync<JsonNode>("/jobs");
        Assert.Contains("r-job", Ids(list!));
        Assert.Equal("redis", (string?)list!["source"]);
    }

    [Fact]
    public async Task The_queue_endpoint_counts_the_egress_lists_and_the_sagas_per_state()
    {
        await using var host = await SupportHost.StartAsync(servers);
        await host.SubmitAsync("u-job", host.AddSession("room-u", "S_u"));
        await host.WaitForAsync("u-job", a => SupportHost.IsState(a, "Completed"));
        using var http = host.Client(SupportHost.ReadToken);
        var queue = await http.GetFromJsonAsync<JsonNode>("/queue");
        Assert.Equal(0, (long)queue!["pending"]!);
        Assert.Equal(1, (int)queue["sagas"]!["Completed"]!);
    }

    private static List<string> Ids(JsonNode page) => [.. page["jobs"]!.AsArray().Select(j => (string)j!["id"]!)];
}
