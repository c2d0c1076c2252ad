using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MergeBus.Webhooks;

/// <summary>
/// POSTs due deliveries. 2xx: delivered. 5xx, 408, 429, a timeout or a connection error: tried again after an
/// exponential backoff until the delivery is <see cref="WebhookSettings.MaxAge"/> old. Any other answer, or too old:
/// given up, which lands on the failed list and in one warning line. Never logs a secret or a URL's query.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookSettings settings,
    RedisWebhookStore store,
    ILogger<WebhookDispatcher> logger,
    TimeProvider? clock = null) : BackgroundService
{
    public const string EventIdHeader = "MergeBus-Event-Id";
    public const string EventHeader = "MergeBus-Event";
    public const string AttemptHeader = "MergeBus-Delivery-Attempt";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly TimeProvider time = clock ?? TimeProvider.System;
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = settings.Timeout,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A claimed delivery is someone else's until the request surely ended.
        var lease = settings.Timeout * 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.ClaimDueAsync(time.GetUtcNow(), lease, 16);
                await Task.WhenAll(due.Select(d => DeliverAsync(d, stoppingToken)));
                if (due.Count > 0) continue;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Webhook deliveries paused: Redis: {Reason}", e.Message);
            }
            try
            {
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        using var scope = logger.BeginScope("Job {JobId}", delivery.JobId);
        if (delivery.Target >= settings.Targets.Count)
        {
            await GiveUpAsync(delivery, "its webhook is no longer configured", "(removed)");
            return;
        }
        var target = settings.Targets[delivery.Target];
        var attempt = delivery.Attempts + 1;
        string failure;
        try
        {
            using var request = Request(target, delivery, attempt);
            using var response = await http.SendAsync(request, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                await store.FinishAsync(delivery, settings.MaxAge * 2);
                WebhookMetrics.Record(WebhookMetrics.Delivered);
                logger.LogInformation("Webhook {Event} {EventId} delivered to {Url} (attempt {Attempt})",
                    delivery.Event, delivery.EventId, target.SafeUrl, attempt);
                return;
            }
            failure = $"HTTP {(int)response.StatusCode}";
            if (!Retryable(response.StatusCode))
            {
                await GiveUpAsync(delivery with { Attempts = attempt }, $"{failure}: not retried", target.SafeUrl);
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // the lease brings it back after a restart
        }
        catch (TaskCanceledException)
        {
            failure = $"no answer within {settings.Timeout.TotalSeconds:F0} s";
        }
        catch (HttpRequestException e)
        {
            failure = e.HttpRequestError == HttpRequestError.Unknown ? "request failed" : e.HttpRequestError.ToString();
        }

        var now = time.GetUtcNow();
        var failed = delivery with { Attempts = attempt, LastError = failure };
        var next = now + Backoff(attempt);
        if (next - DateTimeOffset.FromUnixTimeMilliseconds(delivery.CreatedAtMs) > settings.MaxAge)
        {
            await GiveUpAsync(failed, $"{failure}; retried for {settings.MaxAge}", target.SafeUrl);
            return;
        }
        await store.RescheduleAsync(failed, next);
        WebhookMetrics.Record(WebhookMetrics.Retried);
        logger.LogInformation("Webhook {Event} {EventId} to {Url} failed (attempt {Attempt}: {Reason}); next try at {Next:O}",
            delivery.Event, delivery.EventId, target.SafeUrl, attempt, failure, next);
    }

    private async Task GiveUpAsync(WebhookDelivery delivery, string reason, string url)
    {
        await store.FinishAsync(delivery, settings.MaxAge * 2, new WebhookFailure(delivery.Id, delivery.EventId, delivery.Event,
            delivery.JobId, url, delivery.Attempts, reason, delivery.CreatedAtMs, time.GetUtcNow().ToUnixTimeMilliseconds()));
        WebhookMetrics.Record(WebhookMetrics.GaveUp);
        logger.LogWarning("Webhook {Event} {EventId} of job {JobId} to {Url} gave up after {Attempts} attempts: {Reason} (listed in {FailedList})",
            delivery.Event, delivery.EventId, delivery.JobId, url, delivery.Attempts, reason, WebhookKeys.Failed);
    }

    private HttpRequestMessage Request(WebhookTarget target, WebhookDelivery delivery, int attempt)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        var now = time.GetUtcNow();
        request.Headers.Add(EventIdHeader, delivery.EventId);
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.UserAgent.ParseAdd("MergeBus-Webhooks/1");
        if (target.Signature == WebhookSignatures.LiveKit)
        {
            // As LiveKit sends its own: the bare token, and the content type its SDKs' examples read raw.
            request.Headers.TryAddWithoutValidation(WebhookSigner.LiveKitHeader,
                WebhookSigner.LiveKitToken(settings.LiveKitApiKey, settings.LiveKitApiSecret, now, body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/webhook+json");
        }
        else
        {
            request.Headers.Add(WebhookSigner.HmacHeader, WebhookSigner.Hmac(target.Secret, now.ToUnixTimeSeconds(), body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        return request;
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = settings.MinInterval * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay > settings.MaxInterval ? settings.MaxInterval : delay;
    }

    private static bool Retryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }
}
