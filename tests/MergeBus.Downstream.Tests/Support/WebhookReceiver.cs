using System.Collections.Concurrent;
using System.Net;

namespace MergeBus.Downstream.Tests.Support;

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At, int Status);

/// <summary>
/// A local HTTP receiver on a fixed loopback port that can be stopped and started again, answering each path with
/// a scripted status: <see cref="FailFirst"/> calls get 503, then 200 (or <see cref="Always"/>'s status).
/// </summary>
public sealed class WebhookReceiver(int port) : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, int> calls = new();
    private HttpListener? listener;
    private Task? loop;

    public string BaseUrl => $"http://127.0.0.1:{port}";
    public int FailFirst { get; init; }
    public Dictionary<string, int> Always { get; } = [];
    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public void Start()
    {
        listener = new HttpListener();
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        var running = listener;
        loop = Task.Run(async () =>
        {
            while (running.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await running.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                await AnswerAsync(context);
            }
        });
    }

    public async Task StopAsync()
    {
        if (listener is null) return;
        listener.Stop();
        listener.Close();
        if (loop is not null) await loop;
        listener = null;
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var path = context.Request.Url!.AbsolutePath;
        var call = calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        var status = Always.TryGetValue(path, out var fixedStatus) ? fixedStatus : call <= FailFirst ? 503 : 200;
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        headers["Content-Type"] = context.Request.ContentType ?? "";
        received.Enqueue(new ReceivedWebhook(path, headers, body.ToArray(), DateTimeOffset.UtcNow, status));
        context.Response.StatusCode = status;
        context.Response.Close();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
