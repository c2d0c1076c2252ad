using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MergeBus.Configuration.LiveKit;
using MergeBus.LiveKit.Auth;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;

namespace MergeBus.Ingest.Components.LiveKit.Twirp;

/// <summary>
/// Twirp JSON over HTTP: <c>POST {url}/twirp/livekit.Egress/ListEgress</c> with <c>{"room_name": …}</c> and a short-lived
/// access token of the egress YAML's own key pair (video grant roomRecord), as LiveKit's server SDKs call it.
/// </summary>
public sealed class TwirpEgressLookup(HttpClient http, LiveKitSettings settings, TimeProvider clock) : ILiveKitEgressLookup
{
    public const string Path = "twirp/livekit.Egress/ListEgress";

    /// <summary>The largest ListEgress answer read.</summary>
    private const int MaxAnswerBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<EgressInfo>> ListEgressAsync(string roomName, CancellationToken cancellationToken)
    {
        if (settings.Url is null)
            throw new LiveKitLookupException("no LiveKit URL to ask ListEgress (set mergebus.livekit.url or the egress YAML's ws_url)");
        if (settings.LookupKey is not { } key || !settings.Keys.TryGetValue(key, out var secret))
            throw new LiveKitLookupException("no LiveKit key pair to sign ListEgress (api_key/api_secret)");

        var token = LiveKitAccessToken.Create(key, secret, clock.GetUtcNow(), TokenLifetime, new VideoGrant { RoomRecord = true });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Url, Path))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { room_name = roomName }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new LiveKitLookupException($"ListEgress at {settings.Url.GetLeftPart(UriPartial.Authority)} failed: {e.Message.Split('\n')[0]}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LiveKitLookupException($"ListEgress at {settings.Url.GetLeftPart(UriPartial.Authority)} timed out");
        }
        using (response)
        {
            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
                throw new LiveKitLookupException($"ListEgress answered more than {MaxAnswerBytes} bytes");
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new LiveKitLookupException($"ListEgress answered {(int)response.StatusCode}: {Excerpt(body)}");
            try
            {
                return LiveKitJson.ParseEgressList(body);
            }
            catch (PermanentMergeException bad)
            {
                throw new LiveKitLookupException($"ListEgress answer unreadable: {bad.Message}");
            }
        }
    }

    /// <summary>A Twirp error's message (its "msg"), one line, at most 200 characters.</summary>
    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2000));
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("msg", out var msg) && msg.GetString() is { } message) text = message;
        }
        catch (JsonException)
        {
        }
        text = text.ReplaceLineEndings(" ");
        return text.Length > 200 ? text[..200] : text;
    }
}
