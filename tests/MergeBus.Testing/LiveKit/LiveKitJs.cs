using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using MergeBus.LoopbackServers;

namespace MergeBus.Testing.LiveKit;

/// <summary>
/// Runs the scripts in tests/livekit-js, which use LiveKit's own JS packages (livekit-server-sdk 2.19.2 and its
/// @livekit/protocol): webhook events as LiveKit serializes and signs them, the SDK's WebhookReceiver as a
/// cross-check of our signatures, and a Twirp ListEgress stand-in. Room descriptions: tests/livekit-js/README.md.
/// </summary>
public static class LiveKitJs
{
    public const string SdkSpec = "livekit-server-sdk@2.19.2";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    public static string ScriptsDirectory => Path.Combine(RepoPaths.RepoRoot, "tests", "livekit-js");

    /// <summary>One webhook as LiveKit would POST it: the exact body bytes and the Authorization header value.</summary>
    public sealed record SignedEvent(string Id, string Event, string Body, string Authorization)
    {
        public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);
    }

    /// <summary>What the SDK's WebhookReceiver said about a (body, header) pair.</summary>
    public sealed record Verdict(bool Ok, string? Id, string? Event, string? Error);

    /// <summary>
    /// Every webhook LiveKit would send for <paramref name="room"/>, in LiveKit's order. Faults: "--expired",
    /// "--wrong-secret", "--altered-body".
    /// </summary>
    public static async Task<IReadOnlyList<SignedEvent>> EventsAsync(JsonNode room, params string[] faults)
    {
        var output = await RunAsync("events.mjs", faults, room.ToJsonString());
        return JsonSerializer.Deserialize<JsonArray>(output)!
            .Select(e => new SignedEvent(
                (string)e!["id"]!, (string)e["event"]!, (string)e["body"]!, (string)e["authorization"]!))
            .ToList();
    }

    public static async Task<Verdict> VerifyAsync(string apiKey, string apiSecret, string body, string? authorization)
    {
        var input = new JsonObject
        {
            ["api_key"] = apiKey, ["api_secret"] = apiSecret, ["body"] = body, ["authorization"] = authorization,
        };
        var result = JsonNode.Parse(await RunAsync("verify.mjs", [], input.ToJsonString()))!;
        return new Verdict((bool)result["ok"]!, (string?)result["id"], (string?)result["event"], (string?)result["error"]);
    }

    /// <summary>Starts the Twirp ListEgress stand-in on a free loopback port, answering from <paramref name="roomFile"/>.</summary>
    public static async Task<TwirpEgress> StartTwirpEgressAsync(string roomFile, string apiKey, string apiSecret)
    {
        var (process, ready) = await NodeServerProcess.StartAsync("node",
            [Path.Combine(ScriptsDirectory, "twirp-egress.mjs"), "--port", "0", "--data", roomFile,
             "--api-key", apiKey, "--api-secret", apiSecret],
            Environment(), new Regex("""^\{"port":(\d+)\}"""), ScriptTimeout);
        return new TwirpEgress(process, int.Parse(ready.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The running stand-in; its output holds one JSON line per request it answered.</summary>
    public sealed class TwirpEgress : IDisposable
    {
        private readonly NodeServerProcess _process;

        internal TwirpEgress(NodeServerProcess process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }
        public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");
        public string Output => _process.Output;

        /// <summary>The requests answered so far, as the script logged them.</summary>
        public IReadOnlyList<JsonNode> Requests => Output.Split('\n')
            .Where(l => l.StartsWith("{\"method\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!)
            .ToList();

        /// <summary>
        /// The requests answered, once at least <paramref name="count"/> are logged: the script writes each line
        /// before it answers, but this process reads the line asynchronously.
        /// </summary>
        public async Task<IReadOnlyList<JsonNode>> WaitForRequestsAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Requests.Count < count && DateTime.UtcNow < deadline) await Task.Delay(20);
            return Requests;
        }

        public void Dispose() => _process.Dispose();
    }

    private static Dictionary<string, string> Environment()
    {
        NodePackages.Require("livekit-server-sdk", SdkSpec);
        return new Dictionary<string, string> { ["LIVEKIT_NODE_MODULES"] = Path.Combine(NodePackages.Prefix, "node_modules") };
    }

    private static async Task<string> RunAsync(string script, IEnumerable<string> arguments, string stdin)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ScriptsDirectory, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in Environment()) start.Environment[name] = value;

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(stdin);
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} took longer than {ScriptTimeout}");
        }
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"node {script} failed ({node.ExitCode}): {await stderr}");
        return await stdout;
    }
}
