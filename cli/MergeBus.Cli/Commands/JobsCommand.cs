using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Cli.Api;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus jobs list|show|retry|submit|timeline` and `mergebus queue`: a client of the Ingest jobs API. Support
/// staff need an API token (--token or MERGEBUS_API_TOKEN) and the API's URL (--api or MERGEBUS_API_URL), never
/// Redis credentials.
/// </summary>
public static class JobsCommand
{
    private static readonly Option<string?> ApiUrl = new("--api") { Description = "The jobs API (default: MERGEBUS_API_URL, else http://127.0.0.1:8080)", Recursive = true };
    private static readonly Option<string?> Token = new("--token") { Description = "An API token (default: MERGEBUS_API_TOKEN)", Recursive = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the API's JSON", Recursive = true };

    public static Command Create()
    {
        var command = new Command("jobs", "Merge jobs, through the Ingest API") { ApiUrl, Token, Json };
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Retry());
        command.Subcommands.Add(Submit());
        command.Subcommands.Add(Timeline());
        return command;
    }

    public static Command CreateQueue()
    {
        var command = new Command("queue", "Queue depths, sagas per state and the Mixer backlog") { ApiUrl, Token, Json };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var queue = await client.GetJsonAsync("/queue", ct);
            if (parse.GetValue(Json)) return PrintJson(queue);
            Console.Out.WriteLine($"egress queue   pending {queue["pending"]}, processing {queue["processing"]}, dead {queue["dead"]}");
            Console.Out.WriteLine($"mixer backlog  {(queue["mixerBacklog"] is { } b ? b.ToString() : "unknown (in-memory transport)")} (mix-tracks)");
            Console.Out.WriteLine("sagas          " + string.Join(", ", queue["sagas"]!.AsObject().Select(p => $"{p.Key} {p.Value}")));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var state = new Option<string?>("--state") { Description = "Fetching, Mixing, Publishing, Completed or DeadLettered" };
        var room = new Option<string?>("--room");
        var session = new Option<string?>("--session");
        var since = new Option<string?>("--since") { Description = "Submitted at or after (ISO 8601 or Unix seconds)" };
        var until = new Option<string?>("--until") { Description = "Submitted before (ISO 8601 or Unix seconds)" };
        var error = new Option<string?>("--error") { Description = "Last error contains this text" };
        var limit = new Option<int?>("--limit") { Description = "Jobs per page (default 50)" };
        var cursor = new Option<string?>("--cursor") { Description = "next_cursor of the previous page" };
        var command = new Command("list", "Jobs, newest first") { state, room, session, since, until, error, limit, cursor };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value)) query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("state", parse.GetValue(state));
            Add("room", parse.GetValue(room));
            Add("session", parse.GetValue(session));
            Add("since", parse.GetValue(since));
            Add("until", parse.GetValue(until));
            Add("error", parse.GetValue(error));
            Add("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture));
            Add("cursor", parse.GetValue(cursor));
            var page = await client.GetJsonAsync("/jobs" + (query.Count > 0 ? "?" + string.Join("&", query) : ""), ct);
            if (parse.GetValue(Json)) return PrintJson(page);
            var rows = page["jobs"]!.AsArray().Select(j => new[]
            {
                S(j, "id"), S(j, "state"), S(j, "room"), S(j, "sessionId"), Time(S(j, "submittedAt")), S(j, "attempts"), S(j, "lastError"),
            }).ToList();
            Console.Out.Write(Table.Render(["JOB", "STATE", "ROOM", "SESSION", "SUBMITTED (UTC)", "TRIES", "LAST ERROR"], rows));
            if (page["nextCursor"] is { } next) Console.Out.WriteLine($"more: --cursor {next}");
            Console.Error.WriteLine($"({S(page, "note")})");
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var command = new Command("show", "One job: its steps, every attempt with its error, artifacts and warnings") { id };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var answer = await client.GetJsonAsync($"/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            if (parse.GetValue(Json)) return PrintJson(answer);
            Console.Out.Write(JobReport.Render(answer));
            return 0;
        }));
        return command;
    }

    private static Command Retry()
    {
        var id = new Argument<string>("id") { Description = "The id of a dead-lettered job" };
        var command = new Command("retry", "Run a dead-lettered job again, from the step that failed (operate token)") { id };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var jobId = parse.GetValue(id)!;
            await client.PostAsync($"/jobs/{Uri.EscapeDataString(jobId)}/retry", null, ct);
            Console.Out.WriteLine($"retry requested for {jobId}");
            return 0;
        }));
        return command;
    }

    private static Command Submit()
    {
        var manifest = new Argument<string>("manifest-path") { Description = "The manifest's storage key, e.g. room/SESSION/manifest.json" };
        var jobId = new Option<string?>("--id") { Description = "Job id (default: <session>_<UTC time>)" };
        var command = new Command("submit", "Submit a merge job (operate token)") { manifest, jobId };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var path = parse.GetValue(manifest)!;
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var session = parts.Length >= 2 ? parts[^2] : "session";
            var now = DateTimeOffset.UtcNow;
            var job = new MergeJob
            {
                Id = parse.GetValue(jobId) ?? $"{session}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}",
                ManifestPath = path,
                SessionId = session,
                CreatedAt = (now - DateTimeOffset.UnixEpoch).Ticks * 100,
            };
            var answer = await client.PostAsync("/jobs", JobJson.Serialize(job), ct);
            Console.Out.WriteLine($"submitted {answer?["id"]}");
            return 0;
        }));
        return command;
    }

    private static Command Timeline()
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the SVG", Required = true };
        var command = new Command("timeline", "Save the session's timeline picture (SVG)") { id, output };
        command.SetAction((parse, ct) => Run(parse, async client =>
        {
            var svg = await client.GetTextAsync($"/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/timeline.svg", ct);
            var file = parse.GetValue(output)!;
            await File.WriteAllTextAsync(file, svg, Encoding.UTF8, ct);
            Console.Out.WriteLine($"wrote {file}");
            return 0;
        }));
        return command;
    }

    private static async Task<int> Run(ParseResult parse, Func<ApiClient, Task<int>> action)
    {
        var url = parse.GetValue(ApiUrl) ?? (Environment.GetEnvironmentVariable("MERGEBUS_API_URL") is { Length: > 0 } u ? u : "http://127.0.0.1:8080");
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("MERGEBUS_API_TOKEN") ?? "";
        try
        {
            using var client = new ApiClient(url, token);
            return await action(client);
        }
        catch (ApiException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"cannot reach the jobs API at {url}: {e.Message}");
            return 1;
        }
    }

    private static int PrintJson(JsonNode? node)
    {
        Console.Out.WriteLine(node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    internal static string S(JsonNode? node, string name) => node?[name]?.ToString() ?? "";

    internal static string Time(string iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : iso;
}
