using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MergeBus.Support.Tests.Support;

namespace MergeBus.Support.Tests;

/// <summary>The API's and dashboard's defences, one behaviour each (the hostile rows are in HostileServiceInputTests).</summary>
[Collection(SupportCollection.Name)]
public sealed class ApiHardeningTests(SupportServers servers)
{
    [Fact]
    public async Task Signing_in_sets_a_session_cookie_that_does_not_hold_the_token_and_opens_the_dashboard()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(host.Url) };

        using var signedIn = await browser.PostAsync("/ui/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = SupportHost.OperateToken }));

        var setCookie = string.Join("\n", signedIn.Headers.GetValues("Set-Cookie"));
        Assert.DoesNotContain(SupportHost.OperateToken, setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", cookie);
        using var answer = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("<table class=\"jobs\">", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_job_id_holding_a_slash_is_found_through_the_api()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false);
        await host.SubmitAsync("room-a/job-1", "room-a/S_missing/manifest.json");

        var answer = await host.WaitForAsync("room-a/job-1", a => SupportHost.IsState(a, "DeadLettered"));

        Assert.Equal("room-a/job-1", (string?)answer["job"]!["id"]);
    }

    [Fact]
    public async Task A_since_past_the_year_9999_is_a_400_naming_the_field()
    {
        await using var host = await SupportHost.StartAsync(servers, history: false);
        using var reader = host.Client(SupportHost.ReadToken);

        using var answer = await reader.GetAsync("/jobs?since=99999999999999");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("since", (string?)(await answer.Content.ReadFromJsonAsync<JsonNode>())!["field"]);
    }
}
