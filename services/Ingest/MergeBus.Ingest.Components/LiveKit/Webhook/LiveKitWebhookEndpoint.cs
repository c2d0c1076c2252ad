using MergeBus.Configuration.Ingest;
using MergeBus.Configuration.LiveKit;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.LiveKit.Jobs;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.LiveKit.Auth;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.LiveKit.Webhook;

/// <summary>
/// <c>POST /livekit/webhook</c>: stock LiveKit's webhooks. LiveKit cannot send our API token: its JWT (HS256, issuer =
/// API key, <c>sha256</c> claim = the body's hash) is the authentication, so the API's token check and per-address
/// rate limit do not apply; the events-per-room limit bounds what one room can store. The answer is fast: the event
/// is verified, parsed and stored, and the settle loop does the rest. <c>GET /livekit/rooms/{sid}</c> (read token)
/// shows a room's record.
/// </summary>
public static class LiveKitWebhookEndpoint
{
    /// <summary>The largest webhook body read; LiveKit's events are a few KiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string Route = "/livekit/webhook";

    public static IEndpointRouteBuilder MapLiveKitWebhook(this IEndpointRouteBuilder app)
    {
        // Only where the intake is registered (distributed Ingest).
        if (app.ServiceProvider.GetService<LiveKitRoomStore>() is null) return app;
        app.MapPost(Route, ReceiveAsync);
        app.MapGroup("").RequireApiRole(ApiRoles.Read).RequireRateLimiting(ApiRateLimits.Policy)
            .MapGet("/livekit/rooms/{sid}", RoomAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, LiveKitSettings settings, LiveKitRoomStore rooms,
        LiveKitJobWriter jobs, IngestOptions ingest, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!IsWebhookJson(request))
            return Results.Problem(title: "unsupported media type",
                detail: "send the event as Content-Type: application/webhook+json (or application/json)",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        var body = request.ContentLength > MaxBodyBytes ? null : await ReadAtMostAsync(request.Body, MaxBodyBytes, cancellationToken);
        if (body is null) return Problems.TooLarge($"the event is over {MaxBodyBytes} bytes");

        var now = clock.GetUtcNow();
        var verification = WebhookVerifier.Verify(request.Headers.Authorization.ToString(), body, settings.Keys, now);
        if (!verification.Ok)
            return Results.Problem(title: "unauthorized", detail: $"webhook refused: {verification.Reason}",
                statusCode: StatusCodes.Status401Unauthorized);

        WebhookEvent webhook;
        try
        {
            webhook = LiveKitJson.ParseEvent(body);
        }
        catch (PermanentMergeException bad)
        {
            return Problems.BadRequest("body", bad.Message);
        }
        if (!LiveKitEventTypes.Kept.Contains(webhook.Event)) return Results.Ok(new { outcome = "ignored" });
        var roomSid = webhook.RoomSid;
        if (string.IsNullOrEmpty(roomSid) || string.IsNullOrEmpty(webhook.Id))
            return Problems.BadRequest("body", $"a {webhook.Event} event needs an id and a room sid");
        if (roomSid.Length > 256 || webhook.Id.Length > 256 || roomSid.Any(char.IsControl) || webhook.Id.Any(char.IsControl))
            return Problems.BadRequest("body", "the event's id or room sid is not a LiveKit id");

        var roomName = webhook.RoomName;
        // What MergeBus reads, never the body: an egress request in it can carry storage credentials.
        var kept = System.Text.Encoding.UTF8.GetBytes(LiveKitJson.Write(webhook));
        var outcome = await rooms.RecordAsync(roomSid, webhook.Id, kept, roomName,
            webhook.Event == WebhookEventNames.RoomFinished, settings.MaxEventsPerRoom, ingest.SagaRetention,
            now, cancellationToken);
        var limitReason = LiveKitRoomStore.LimitReason(roomSid, settings.MaxEventsPerRoom);
        switch (outcome)
        {
            case RecordOutcome.LimitReached:
                await jobs.WriteFailedStatusAsync(roomSid, limitReason, cancellationToken);
                loggers.CreateLogger(typeof(LiveKitWebhookEndpoint)).LogWarning(
                    "LiveKit room {RoomSid} failed: more than {Limit} webhook events (mergebus.limits.max_livekit_events_per_room)",
                    roomSid, settings.MaxEventsPerRoom);
                goto case RecordOutcome.OverLimit;
            case RecordOutcome.OverLimit:
                return Problems.TooManyRequests($"{limitReason}; the room failed");
            default:
                return Results.Ok(new { outcome = outcome.ToString().ToLowerInvariant() });
        }
    }

    private static async Task<IResult> RoomAsync(string sid, LiveKitRoomStore rooms, CancellationToken cancellationToken) =>
        await rooms.GetAsync(RouteIds.Decode(sid), cancellationToken) is { } record
            ? Results.Ok(record)
            : Problems.NotFound($"no LiveKit room {RouteIds.Decode(sid)}");

    private static bool IsWebhookJson(HttpRequest request)
    {
        var type = request.ContentType?.Split(';', 2)[0].Trim();
        return string.Equals(type, "application/webhook+json", StringComparison.OrdinalIgnoreCase)
            || string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes (never read further).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
