using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MergeBus.Testing;
using MergeBus.Testing.Servers;

namespace MergeBus.Support.Tests.LiveKit;

/// <summary>A webhook as the LiveKit server sends it: the body, the bare JWT of its Authorization header, and whether LiveKit's own WebhookReceiver accepts it.</summary>
public sealed record SignedWebhook(string Body, string Authorization, bool SdkAccepts);

/// <summary>One event to sign: its WebhookEvent JSON, the token's lifetime as AccessToken takes it, a tampering.</summary>
public sealed record WebhookToSign(JsonObject Event, string? Ttl = null, string? Tamper = null);

/// <summary>
/// LiveKit's own JS SDK (livekit-server-sdk 2.19, @livekit/protocol 1.51) run by livekit-tool.cjs: it serializes and
/// signs webhooks as the LiveKit server does, and serves a Twirp ListEgress stand-in. Tests never sign with our code.
/// </summary>
public static partial class LiveKitTool
{
    public const string SdkSpec = "livekit-server-sdk@2.19.2";

    private static string Script => Path.Combine(RepoPaths.RepoRoot, "tests", "MergeBus.Support.Tests", "LiveKit", "livekit-tool.cjs");

    private static string NodeModules
    {
        get
        {
            NodePackages.Require("livekit-server-sdk", SdkSpec);
            return Path.Combine(NodePackages.Prefix, "node_modules");
        }
    }

    /// <summary>Signs every event with one key pair, in one node run.</summary>
    public static async Task<IReadOnlyList<SignedWebhook>> SignAsync(string apiKey, string apiSecret, IEnumerable<WebhookToSign> items)
    {
        var input = new JsonObject
        {
            ["key"] = apiKey,
            ["secret"] = apiSecret,
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["event"] = i.Event.DeepClone(),
                ["ttl"] = i.Ttl,
                ["tamper"] = i.Tamper,
            })]),
        };
        var start = Start("sign");
        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) throw new InvalidOperationException($"livekit-tool sign failed: {await stderr}");
        return JsonSerializer.Deserialize<List<SignedWebhook>>(await stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>A ListEgress stand-in answering <paramref name="answers"/> (room name → EgressInfo JSON list).</summary>
    public static async Task<TwirpStandIn> StartTwirpAsync(string apiKey, string apiSecret, JsonObject answers, string workDirectory)
    {
        var path = Path.Combine(workDirectory, $"list-egress-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, answers.ToJsonString());
        var start = Start("twirp", apiKey, apiSecret, path);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var standIn = new TwirpStandIn(process);
        var port = await standIn.ListeningAsync.WaitAsync(TimeSpan.FromSeconds(30));
        standIn.Url = $"http://127.0.0.1:{port}";
        return standIn;
    }

    private static ProcessStartInfo Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NODE_PATH"] = NodeModules;
        return start;
    }

    [GeneratedRegex(@"^listening on (\d+)$")]
    internal static partial Regex ListeningLine();

    [GeneratedRegex(@"^list (.*)$")]
    internal static partial Regex ListLine();
}

/// <summary>The running ListEgress stand-in: its URL and the rooms it was asked about.</summary>
public sealed class TwirpStandIn : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<int> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> asked = [];
    private readonly List<string> output = [];

    internal TwirpStandIn(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    internal Task<int> ListeningAsync => listening.Task;

    public string Url { get; internal set; } = "";

    /// <summary>Room names ListEgress was called with, in order.</summary>
    public IReadOnlyList<string> Asked
    {
        get
        {
            lock (asked) return [.. asked];
        }
    }

    public string Output
    {
        get
        {
            lock (output) return string.Join('\n', output);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
        if (LiveKitTool.ListeningLine().Match(line) is { Success: true } ready) listening.TrySetResult(int.Parse(ready.Groups[1].Value));
        if (LiveKitTool.ListLine().Match(line) is { Success: true } list)
            lock (asked) asked.Add(list.Groups[1].Value);
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
