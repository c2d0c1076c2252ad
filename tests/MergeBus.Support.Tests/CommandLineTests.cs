using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MergeBus.LoopbackServers;
using MergeBus.Support.Tests.Support;
using Xunit.Abstractions;

namespace MergeBus.Support.Tests;

/// <summary>`mergebus jobs …` and `mergebus queue` as support staff run them: a token and the API's URL, no Redis.</summary>
[Collection(SupportCollection.Name)]
public sealed class CommandLineTests(SupportServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_show_prints_tables_of_steps_attempts_participants_and_artifacts()
    {
        await using var host = await SupportHost.StartAsync(servers);
        host.Faults.FailFetch("cli-job", 2);
        await host.SubmitAsync("cli-job", SupportHost.SampleManifest);
        await host.WaitForAsync("cli-job", a => SupportHost.IsState(a, "Completed") && a["job"]!["artifacts"]!.AsArray().Count > 0);

        var (code, stdout, _) = await RunAsync(host, SupportHost.ReadToken, "jobs", "show", "cli-job");
        output.WriteLine(stdout);
        Assert.Equal(0, code);
        Assert.Contains("state      Completed", stdout);
        Assert.Matches(@"(?m)^1\s+fetch\s+failed\s+.*IOException: storage unreachable", stdout);
        Assert.Matches(@"(?m)^2\s+fetch\s+succeeded\s+worker-a", stdout);
        Assert.Matches(@"(?m)^TR_AwHCsrHLwqSeo\s+.*\s+24\s+23$", stdout);
        Assert.Matches(@"(?m)^ogg_opus\s+room_mix_call-1770953256570-526\.ogg\s+\d", stdout);
    }

    [Fact]
    public async Task List_timeline_queue_and_retry_go_through_the_api_with_the_token_from_the_environment()
    {
        await using var host = await SupportHost.StartAsync(servers);
        await host.SubmitAsync("cli-a", SupportHost.SampleManifest);
        await host.WaitForAsync("cli-a", a => SupportHost.IsState(a, "Completed") && (long)a["job"]!["mixDurationMs"]! > 0);

        var (code, list, _) = await RunAsync(host, SupportHost.ReadToken, "jobs", "list", "--state", "Completed", "--json");
        Assert.Equal(0, code);
        Assert.Equal("cli-a", (string?)JsonNode.Parse(list)!["jobs"]![0]!["id"]);

        var svgPath = Path.Combine(host.Root, "cli-a.svg");
        Assert.Equal(0, (await RunAsync(host, SupportHost.ReadToken, "jobs", "timeline", "cli-a", "-o", svgPath)).Code);
        Assert.Equal(2, XDocument.Load(svgPath).Descendants().Count(e => (string?)e.Attribute("class") == "lane"));

        var (queueCode, queue, _) = await RunAsync(host, SupportHost.ReadToken, "queue");
        Assert.Equal(0, queueCode);
        Assert.Contains("Completed 1", queue);

        var (retryCode, _, error) = await RunAsync(host, SupportHost.ReadToken, "jobs", "retry", "cli-a");
        Assert.Equal(1, retryCode);
        Assert.StartsWith("403 forbidden", error.Trim());
        var (conflictCode, _, conflict) = await RunAsync(host, SupportHost.OperateToken, "jobs", "retry", "cli-a");
        Assert.Equal(1, conflictCode);
        Assert.StartsWith("409 conflict", conflict.Trim());

        var (submitCode, submitted, _) = await RunAsync(host, SupportHost.OperateToken, "jobs", "submit", host.AddSession("room-c", "S_c"), "--id", "cli-b");
        Assert.Equal(0, submitCode);
        Assert.Contains("submitted cli-b", submitted);
        await host.WaitForAsync("cli-b", a => SupportHost.IsState(a, "Completed"));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(SupportHost host, string token, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["MERGEBUS_API_URL"] = host.Url;
        start.Environment["MERGEBUS_API_TOKEN"] = token;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string CliDll()
    {
        var configuration = typeof(CommandLineTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value;
        return Path.Combine(RepoPaths.RepoRoot, "cli", "MergeBus.Cli", "bin", configuration!, "net10.0", "mergebus.dll");
    }
}
