using MergeBus.LoopbackServers;
using MergeBus.Support.Tests.Support;
using Microsoft.Playwright;

namespace MergeBus.Support.Tests;

/// <summary>The dashboard in a real browser: Debian's chromium, driven by Playwright (no browser download).</summary>
[Collection(SupportCollection.Name)]
public sealed class DashboardTests(SupportServers servers)
{
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    /// <summary>Screenshots go with the test results (TestResults/ at the repository root, ignored by git).</summary>
    public static string ResultsDirectory => Directory.CreateDirectory(Path.Combine(RepoPaths.RepoRoot, "TestResults", "dashboard")).FullName;

    [Fact]
    public async Task The_dashboard_lists_a_completed_and_a_dead_lettered_job_draws_one_lane_per_participant_and_retry_completes_the_dead_one()
    {
        await using var host = await SupportHost.StartAsync(servers);
        await host.SubmitAsync("ui-good", SupportHost.SampleManifest);
        // Its manifest is not there yet: the fetch fails for good and the job is dead-lettered.
        await host.SubmitAsync("ui-dead", "room-ui/S_late/manifest.json");
        await host.WaitForAsync("ui-good", a => SupportHost.IsState(a, "Completed") && a["job"]!["artifacts"]!.AsArray().Count > 0);
        await host.WaitForAsync("ui-dead", a => SupportHost.IsState(a, "DeadLettered"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });

        await page.GotoAsync(host.Url + "/");
        Assert.EndsWith("/ui/login", page.Url);
        await page.FillAsync("#token", SupportHost.OperateToken);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("table.jobs");

        var rows = page.Locator("tr.job");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("Completed", await page.Locator("tr.job:has(a:text-is('ui-good')) td.state").InnerTextAsync());
        Assert.Equal("DeadLettered", await page.Locator("tr.job:has(a:text-is('ui-dead')) td.state").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsDirectory, "dashboard-list.png"), FullPage = true });

        await page.ClickAsync("a:text-is('ui-good')");
        await page.WaitForSelectorAsync(".timeline svg");
        Assert.Equal(2, await page.Locator(".timeline svg g.lane").CountAsync());
        Assert.Equal(3, await page.Locator("table.steps tr.step.succeeded").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsDirectory, "dashboard-job.png"), FullPage = true });

        // The input arrives late; support retries from the page.
        host.AddSession("room-ui", "S_late");
        await page.GotoAsync(host.Url + "/ui/jobs/ui-dead");
        Assert.Contains("manifest", await page.Locator("table.steps td.error").First.InnerTextAsync());
        await page.ClickAsync("#retry");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await page.Locator("#state").InnerTextAsync() != "Completed")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the retried job never completed");
            await Task.Delay(250);
            await page.ReloadAsync();
        }
        Assert.Equal(0, await page.Locator("#retry").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsDirectory, "dashboard-retried.png"), FullPage = true });
    }

    [Fact]
    public async Task A_read_token_sees_no_retry_button()
    {
        await using var host = await SupportHost.StartAsync(servers);
        await host.SubmitAsync("ui-dead-2", "room-ui/S_missing/manifest.json");
        await host.WaitForAsync("ui-dead-2", a => SupportHost.IsState(a, "DeadLettered"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Url + "/ui/login");
        await page.FillAsync("#token", SupportHost.ReadToken);
        await page.ClickAsync("#sign-in");
        await page.GotoAsync(host.Url + "/ui/jobs/ui-dead-2");
        Assert.Equal("DeadLettered", await page.Locator("#state").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#retry").CountAsync());
    }
}
