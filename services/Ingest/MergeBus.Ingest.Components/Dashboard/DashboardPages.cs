using MergeBus.Configuration.Ingest;
using System.Globalization;
using System.Net;
using System.Text;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.Timeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MergeBus.Ingest.Components.Dashboard;

/// <summary>
/// The support dashboard: server-rendered HTML, no scripts, no build chain. The browser signs in once with an API
/// token; the HttpOnly, SameSite=Strict cookie then holds a <see cref="DashboardSession"/>, never the token. The pages
/// read what the API reads; the retry form carries an anti-forgery value bound to the session.
/// </summary>
public static class DashboardPages
{
    public const string LoginPath = "/ui/login";

    /// <summary>The query keys the list page knows; its links carry only these, encoded.</summary>
    private static readonly string[] FilterKeys = ["state", "room", "session", "since", "until", "error", "limit"];

    private const string FormTokenField = "form_token";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireRateLimiting(ApiRateLimits.Policy);
        pages.MapGet("/", ListAsync);
        pages.MapGet("/ui/jobs/{id}", JobAsync);
        // Our own anti-forgery value (see DashboardSession.FormToken) instead of ASP.NET's, which needs its key ring.
        pages.MapPost("/ui/jobs/{id}/retry", RetryAsync).DisableAntiforgery();
        pages.MapGet(LoginPath, (string? error) => Page("Sign in", LoginForm(error)));
        pages.MapPost(LoginPath, LoginAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ApiSettings settings, IJobHistoryReader history,
        CancellationToken cancellationToken)
    {
        if (ApiAuthentication.Caller(context, settings) is null) return Results.Redirect(LoginPath);
        var (query, problem) = JobQueryParser.Parse(context.Request.Query);
        if (problem is not null) return problem;
        var page = await history.ListAsync(query!, cancellationToken);
        var q = context.Request.Query;
        var html = new StringBuilder();
        html.Append("<form class=\"filters\" method=\"get\" action=\"/\">")
            .Append("<label>State <select name=\"state\"><option value=\"\">any</option>");
        foreach (var state in JobStates.All)
            html.Append($"<option{(string.Equals(q["state"], state, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{state}</option>");
        html.Append("</select></label>");
        foreach (var (name, label) in new[] { ("room", "Room"), ("session", "Session"), ("since", "Since"), ("until", "Until"), ("error", "Error") })
            html.Append($"<label>{label} <input name=\"{name}\" value=\"{E(q[name].ToString())}\" size=\"14\"></label>");
        html.Append("<button type=\"submit\">Filter</button></form>");
        html.Append($"<p class=\"source\">{E(page.Source.Note)}</p>");
        html.Append("<table class=\"jobs\"><thead><tr><th>Job</th><th>State</th><th>Room</th><th>Session</th><th>Submitted (UTC)</th><th>Attempts</th><th>Last error</th></tr></thead><tbody>");
        foreach (var job in page.Jobs)
        {
            html.Append($"<tr class=\"job\" data-state=\"{E(job.State)}\"><td><a href=\"/ui/jobs/{Uri.EscapeDataString(job.Id)}\">{E(job.Id)}</a></td>")
                .Append($"<td class=\"state {E(job.State)}\">{E(job.State)}</td><td>{E(job.Room)}</td><td>{E(job.SessionId)}</td>")
                .Append($"<td>{Time(job.SubmittedAt)}</td><td>{job.Attempts}</td><td class=\"error\">{E(job.LastError)}</td></tr>");
        }
        html.Append("</tbody></table>");
        if (page.Jobs.Count == 0) html.Append("<p>No jobs match.</p>");
        if (page.NextCursor is { } next)
        {
            // Only the keys we know, each encoded: a query key is the visitor's text, never markup.
            var keep = FilterKeys.Where(k => q[k].ToString().Length > 0)
                .Select(k => $"{k}={Uri.EscapeDataString(q[k].ToString())}")
                .Append($"cursor={Uri.EscapeDataString(next)}");
            html.Append($"<p><a class=\"next\" href=\"/?{E(string.Join("&", keep))}\">Older jobs →</a></p>");
        }
        return Page("Jobs", html.ToString());
    }

    private static async Task<IResult> JobAsync(string id, HttpContext context, ApiSettings settings, IJobHistoryReader history,
        CancellationToken cancellationToken)
    {
        id = RouteIds.Decode(id);
        var caller = ApiAuthentication.Caller(context, settings);
        if (caller is null) return Results.Redirect(LoginPath);
        var detail = await history.GetAsync(id, cancellationToken);
        if (detail is null) return Results.Content(Layout("Not found", $"<p>No job {E(id)}.</p>"), "text/html", statusCode: 404);
        var job = detail.Summary;
        var html = new StringBuilder();
        html.Append($"<h2 class=\"job-id\">{E(job.Id)}</h2><p class=\"source\">{E(detail.Source.Note)}</p>");
        html.Append("<table class=\"facts\">")
            .Append($"<tr><th>State</th><td class=\"state {E(job.State)}\" id=\"state\">{E(job.State)}</td></tr>")
            .Append($"<tr><th>Room / session</th><td>{E(job.Room)} / {E(job.SessionId)}</td></tr>")
            .Append($"<tr><th>Manifest</th><td>{E(job.ManifestPath)}</td></tr>")
            .Append($"<tr><th>Source</th><td>{E(job.Source)}</td></tr>")
            .Append($"<tr><th>Submitted / finished</th><td>{Time(job.SubmittedAt)} / {(job.FinishedAt is { } f ? Time(f) : "—")}</td></tr>")
            .Append($"<tr><th>Attempts</th><td>{job.Attempts} ({job.FailedAttempts} failed)</td></tr>");
        if (job.LastError.Length > 0) html.Append($"<tr><th>Last error</th><td class=\"error\">{E(job.LastError)}</td></tr>");
        html.Append("</table>");
        if (job.State == JobStates.DeadLettered && ApiAuthentication.MayOperate(caller))
        {
            var formToken = DashboardSession.FormToken(caller, context.Request.Cookies[DashboardSession.CookieName] ?? "");
            html.Append($"<form method=\"post\" action=\"/ui/jobs/{Uri.EscapeDataString(job.Id)}/retry\"><input type=\"hidden\" name=\"{FormTokenField}\" value=\"{E(formToken)}\"><button id=\"retry\" type=\"submit\">Retry from the failed step</button></form>");
        }

        html.Append("<h3>Timeline</h3><div class=\"timeline\">").Append(TimelineSvg.Render(job)).Append("</div>");
        html.Append("<p class=\"legend\"><span style=\"color:#43a047\">■</span> audio present <span style=\"color:#e57373\">▨</span> hole (DTX/mute) ")
            .Append("<span style=\"color:#1e88e5\">|</span> joined <span style=\"color:#8e24aa\">|</span> left <span style=\"color:#ffb300\">▲</span> warning</p>");

        html.Append("<h3>Steps</h3><table class=\"steps\"><thead><tr><th>Attempt</th><th>Step</th><th>Outcome</th><th>Worker</th><th>Host</th><th>Started (UTC)</th><th>Duration</th><th>Down / up</th><th>Error</th></tr></thead><tbody>");
        foreach (var s in job.Steps)
        {
            html.Append($"<tr class=\"step {E(s.Outcome)}\"><td>{s.Attempt}</td><td>{E(s.Step)}</td><td>{E(s.Outcome)}{(s.Permanent ? " (permanent)" : "")}</td>")
                .Append($"<td>{E(s.WorkerId)}</td><td>{E(s.Host)}</td><td>{Time(s.StartedAt)}</td>")
                .Append($"<td>{(s.DurationMs is { } ms ? (ms / 1000).ToString("0.000", CultureInfo.InvariantCulture) + " s" : "—")}</td>")
                .Append($"<td>{Bytes(s.BytesDownloaded)} / {Bytes(s.BytesUploaded)}</td><td class=\"error\">{E(s.Error)}</td></tr>");
        }
        html.Append("</tbody></table>");

        if (job.Warnings.Count > 0)
            html.Append("<h3>Warnings</h3><ul class=\"warnings\">").Append(string.Concat(job.Warnings.Select(w => $"<li>{E(w)}</li>"))).Append("</ul>");
        if (job.Artifacts.Count > 0)
        {
            html.Append("<h3>Artifacts</h3><table class=\"artifacts\"><tr><th>Format</th><th>Key</th><th>Size</th><th>Duration</th><th>sha256</th></tr>");
            foreach (var a in job.Artifacts)
                html.Append($"<tr><td>{E(a.Format)}</td><td>{E(a.StorageUri)}</td><td>{Bytes(a.Size)}</td><td>{a.DurationMs / 1000.0:0.000} s</td><td><code>{E(a.Sha256)}</code></td></tr>");
            html.Append("</table>");
        }
        if (job.Channels.Count > 0)
            html.Append("<h3>Channels</h3><ul class=\"channels\">")
                .Append(string.Concat(job.Channels.Select(c => $"<li>channel {c.Channel}: {E(string.Join(", ", c.ParticipantIds))}</li>"))).Append("</ul>");
        if (detail.History.Count > 0)
        {
            html.Append("<h3>History</h3><table class=\"history\"><tr><th>#</th><th>At (UTC)</th><th>Event</th></tr>");
            foreach (var e in detail.History)
                html.Append($"<tr><td>{e.Version}</td><td>{Time(e.At)}</td><td>{E(e.Type)}</td></tr>");
            html.Append("</table>");
        }
        return Page(job.Id, html.ToString());
    }

    private static async Task<IResult> RetryAsync(string id, HttpContext context, ApiSettings settings, JobRetrier retrier,
        CancellationToken cancellationToken)
    {
        id = RouteIds.Decode(id);
        var caller = ApiAuthentication.Caller(context, settings);
        if (caller is null) return Results.Redirect(LoginPath);
        if (!ApiAuthentication.MayOperate(caller)) return Problems.Forbidden(caller.Name);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        if (!DashboardSession.IsFormTokenValid(caller, context.Request.Cookies[DashboardSession.CookieName], form?[FormTokenField].ToString()))
            return Problems.Forbidden("forbidden", "the retry form's anti-forgery value is missing or wrong; reload the job's page");
        await retrier.RetryAsync(id, cancellationToken);
        return Results.Redirect($"/ui/jobs/{Uri.EscapeDataString(id)}");
    }

    private static async Task<IResult> LoginAsync(HttpContext context, ApiSettings settings, SignInGuard guard)
    {
        if (!guard.MayTry(context))
            return Problems.TooManyRequests(
                $"more than {settings.SignInFailuresPerMinute} wrong tokens a minute from this address (mergebus.limits.sign_in_failures_per_minute)");
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var token = ApiAuthentication.Match(form?["token"].ToString() ?? "", settings);
        if (token is null)
        {
            guard.Failed(context);
            return Results.Redirect($"{LoginPath}?error=unknown+token");
        }
        context.Response.Cookies.Append(DashboardSession.CookieName, DashboardSession.Issue(token, DateTimeOffset.UtcNow), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = DashboardSession.Lifetime,
        });
        return Results.Redirect("/");
    }

    private static string LoginForm(string? error) =>
        (error is null ? "" : $"<p class=\"error\">{E(error)}</p>") +
        $"<form method=\"post\" action=\"{LoginPath}\"><label>API token <input type=\"password\" name=\"token\" id=\"token\" size=\"40\"></label> <button type=\"submit\" id=\"sign-in\">Sign in</button></form>";

    private static IResult Page(string title, string body) => Results.Content(Layout(title, body), "text/html; charset=utf-8");

    private static string Layout(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}} · MergeBus</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:1.2em 2em;color:#222}
        header a{font-weight:bold;font-size:1.3em;color:#333;text-decoration:none}
        table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
        .state.Completed{color:#2e7d32;font-weight:bold}.state.DeadLettered{color:#c62828;font-weight:bold}
        .error{color:#b71c1c}.source{color:#666;font-size:12px}.filters label{margin-right:.6em}
        .timeline svg{border:1px solid #ddd;max-width:100%;height:auto}
        button{padding:4px 12px}
        </style></head>
        <body><header><a href="/">MergeBus jobs</a></header>
        {{body}}
        </body></html>
        """;

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Time(DateTimeOffset at) => at == default ? "—" : at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1048576.0:0.0} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
