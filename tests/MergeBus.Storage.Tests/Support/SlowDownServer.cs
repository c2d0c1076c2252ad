using System.Net;
using System.Text;
using MergeBus.LoopbackServers;

namespace MergeBus.Storage.Tests.Support;

/// <summary>
/// A real HTTP server that answers every request the way S3 does when it throttles: 503 with an S3 error body
/// whose code is SlowDown. s3rver never throttles, so this is the only way to see that answer over the wire.
/// </summary>
public sealed class SlowDownServer : IDisposable
{
    private const string Body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>" +
        "<Message>Please reduce your request rate.</Message><RequestId>test</RequestId></Error>";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public SlowDownServer()
    {
        var port = TestPorts.FreeLoopbackPort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // closed by Dispose
            }

            var bytes = Encoding.UTF8.GetBytes(Body);
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/xml";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
