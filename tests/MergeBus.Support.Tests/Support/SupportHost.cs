using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MergeBus.Fetcher.Components;
using MergeBus.Ingest.Components;
using MergeBus.Ingest.Components.Api;
using MergeBus.LoopbackServers;
using MergeBus.Mixer.Components;
using MergeBus.Publisher.Components;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.ServiceDefaults.Telemetry;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MergeBus.Support.Tests.Support;

/// <summary>
/// All four services in this process as `mergebus run all` wires them (in-memory bus, Redis saga store, the job
/// history on PostgreSQL), on local storage holding a copy of the real LiveKit sample, with the API on a loopback port.
/// </summary>
public sealed class SupportHost : IAsyncDisposable
{
    public const string ReadToken = "read-token-0123456789";
    public const string OperateToken = "operate-token-0123456789";

    private readonly WebApplication app;

    private SupportHost(WebApplication app, string url, string root, FaultPlan faults)
    {
        this.app = app;
        Url = url;
        Root = root;
        Faults = faults;
    }

    public string Url { get; }
    public string Root { get; }
    public FaultPlan Faults { get; }
    public IServiceProvider Services => app.Services;

    /// <summary>The LiveKit sample's manifest key in the recordings store.</summary>
    public const string SampleManifest = "call-1770953256570-526/EG_8wwYLK3ixeT8/manifest.json";

    /// <param name="servers">The shared test servers.</param>
    /// <param name="history">With the PostgreSQL job history, or answering from the Redis saga store.</param>
    /// <param name="schema">The history's schema (a new one by default).</param>
    /// <param name="environment">More settings as environment variables (MERGEBUS__…, EGRESS__API_KEY …).</param>
    /// <param name="limits">
    /// The inside of the <c>mergebus.limits</c> YAML flow mapping; by default a request limit far above what polling tests
    /// send (every test client shares one address).
    /// </param>
    public static async Task<SupportHost> StartAsync(SupportServers servers, bool history = true, string? schema = null,
        string limits = "api_requests_per_minute: 100000", IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "mergebus-support-" + Guid.NewGuid().ToString("N"));
        CopySample(Path.Combine(root, "recordings", Path.GetDirectoryName(SampleManifest)!));
        var url = $"http://127.0.0.1:{TestPorts.FreeLoopbackPort()}";
        var historyLine = history
            ? $"  history: {{connection_string: \"{servers.Postgres.ConnectionString()}\", schema: \"{schema ?? "h" + Guid.NewGuid().ToString("N")[..12]}\"}}"
            : "";
        // The 16 databases are shared out in turn: empty this one, which an earlier host may have used.
        var db = servers.NextDatabase();
        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{servers.Redis.Address},allowAdmin=true"))
            await admin.GetServer(servers.Redis.Address).FlushDatabaseAsync(db);
        var yaml = $"""
            redis: {"{"}address: "{servers.Redis.Address}", db: {db}{"}"}
            storage: {"{"}s3: {"{"}bucket: local{"}"}{"}"}
            mergebus:
              transport: inmemory
              retry: {"{"}count: 1, min_interval: 50ms, max_interval: 100ms, interval_delta: 50ms{"}"}
              limits: {"{"}{limits}{"}"}
              api:
                listen: "{url}"
                tokens:
                  - {"{"}name: support, token: "{ReadToken}", role: read{"}"}
                  - {"{"}name: oncall, token: "{OperateToken}", role: operate{"}"}
            {historyLine}
            """;
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["EGRESS_CONFIG_BODY"] = yaml,
            ["MERGE_WORKER_ID"] = "worker-a",
            ["MERGE_TMP_DIR"] = Path.Combine(root, "tmp"),
        };
        var settings = MergeBusSettingsLoader.Load(variables);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("MERGEBUS_TEST_LOG") is { Length: > 0 } logFile)
        {
            Console.SetOut(new StreamWriter(logFile, append: true) { AutoFlush = true });
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.AddSingleton(settings);
        // /metrics is mapped with the service defaults: its exporter must be there too.
        builder.AddMergeBusTelemetry(console: false);
        builder.Services.AddMergeBusInfrastructure(settings)
            .AddIngest(new IngestOptions
            {
                WorkerId = settings.Worker.WorkerId,
                Distributed = true,
                SagaRetention = settings.SagaRetention,
                StagingRetention = settings.StagingRetention,
                StalledJobs = settings.StalledJobs,
                History = settings.History,
                Api = settings.Api,
                LiveKit = settings.LiveKit,
            })
            .AddFetcher().AddMixer(new MixerOptions { WarmUpAtStart = false }).AddPublisher()
            .AddMergeBusMessaging(settings.Bus);
        builder.Services.AddSingleton(new MergeStores(
            new LocalObjectStorage(Path.Combine(root, "recordings")), new LocalObjectStorage(Path.Combine(root, "staging"))));
        var faults = new FaultPlan();
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton<InputFetcher>();
        builder.Services.AddSingleton<IInputFetcher, FlakyFetcher>();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapServiceDefaults("all");
        app.MapJobsApi();
        await app.StartAsync();
        return new SupportHost(app, url, root, faults);
    }

    /// <summary>Another copy of the sample under a new session folder, so each job has its own room and session.</summary>
    public string AddSession(string room, string session)
    {
        var folder = Path.Combine(Root, "recordings", room, session);
        CopySample(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        manifest["room_name"] = room;
        manifest["session_id"] = session;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());
        return $"{room}/{session}/manifest.json";
    }

    public HttpClient Client(string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<string> SubmitAsync(string jobId, string manifestPath)
    {
        using var http = Client(OperateToken);
        var body = $$"""{"id": "{{jobId}}", "manifest_path": "{{manifestPath}}", "session_id": "{{manifestPath.Split('/')[1]}}"}""";
        (await http.PostAsync("/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        return jobId;
    }

    /// <summary>Polls GET /jobs/{id} until <paramref name="done"/> holds for its JSON.</summary>
    public async Task<JsonNode> WaitForAsync(string jobId, Func<JsonNode, bool> done, TimeSpan? patience = null)
    {
        using var http = Client(ReadToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonNode? last = null;
        while (clock.Elapsed < (patience ?? TimeSpan.FromSeconds(90)))
        {
            using var response = await http.GetAsync($"/jobs/{Uri.EscapeDataString(jobId)}");
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonNode>();
                if (done(last!)) return last!;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {jobId} never got there; last answer: {last}");
    }

    public static bool IsState(JsonNode answer, string state) => (string?)answer["job"]!["state"] == state;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The fixture's storage URIs are file1/file2 while the files are file1.ogg/file2.ogg (see its README).</summary>
    private static void CopySample(string folder)
    {
        Directory.CreateDirectory(folder);
        var sample = RepoPaths.SharedFixture("livekit-sample");
        File.Copy(Path.Combine(sample, "manifest.json"), Path.Combine(folder, "manifest.json"), overwrite: true);
        File.Copy(Path.Combine(sample, "file1.ogg"), Path.Combine(folder, "file1"), overwrite: true);
        File.Copy(Path.Combine(sample, "file2.ogg"), Path.Combine(folder, "file2"), overwrite: true);
        foreach (var file in Directory.GetFiles(folder)) File.SetAttributes(file, FileAttributes.Normal);
    }
}
