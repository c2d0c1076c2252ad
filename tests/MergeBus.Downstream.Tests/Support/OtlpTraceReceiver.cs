using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MergeBus.Downstream.Tests.Support;

public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A tiny OTLP/HTTP trace collector: POST /v1/traces with an ExportTraceServiceRequest in protobuf, read with a
/// minimal wire-format reader (the proto package is not served here). Keeps service.name, ids, names, string attributes.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly Task loop;

    public OtlpTraceReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(RunAsync);
    }

    public string Endpoint { get; }
    public IReadOnlyList<ReceivedSpan> Spans => [.. spans];

    private async Task RunAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath == "/v1/traces") Read(body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private void Read(byte[] request)
    {
        foreach (var resourceSpans in Proto.Fields(request).Where(f => f.Number == 1))
        {
            var service = "";
            var scopeSpansList = new List<byte[]>();
            foreach (var field in Proto.Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                    service = Attributes(Proto.Fields(field.Bytes).Where(f => f.Number == 1)).GetValueOrDefault("service.name", "");
                else if (field.Number == 2) scopeSpansList.Add(field.Bytes);
            }
            foreach (var scopeSpans in scopeSpansList)
            foreach (var span in Proto.Fields(scopeSpans).Where(f => f.Number == 2))
            {
                var fields = Proto.Fields(span.Bytes).ToList();
                string Hex(int number) => Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number)?.Bytes ?? []);
                spans.Enqueue(new ReceivedSpan(service, Hex(1), Hex(2), Hex(4),
                    Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 5)?.Bytes ?? []),
                    Attributes(fields.Where(f => f.Number == 9))));
            }
        }
    }

    /// <summary>KeyValue{1: key, 2: AnyValue{1: string_value}}; other value kinds are skipped.</summary>
    private static Dictionary<string, string> Attributes(IEnumerable<Proto.Field> keyValues)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in keyValues)
        {
            var parts = Proto.Fields(keyValue.Bytes).ToList();
            var key = parts.FirstOrDefault(p => p.Number == 1);
            var value = parts.FirstOrDefault(p => p.Number == 2);
            var text = value is null ? null : Proto.Fields(value.Bytes).FirstOrDefault(p => p.Number == 1 && p.WireType == 2);
            if (key is not null && text is not null) attributes[Encoding.UTF8.GetString(key.Bytes)] = Encoding.UTF8.GetString(text.Bytes);
        }
        return attributes;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }

    /// <summary>The protobuf wire format, just enough to walk messages.</summary>
    private static class Proto
    {
        public sealed record Field(int Number, int WireType, byte[] Bytes);

        public static IEnumerable<Field> Fields(byte[] data)
        {
            var at = 0;
            while (at < data.Length)
            {
                var tag = Varint(data, ref at);
                var number = (int)(tag >> 3);
                var wireType = (int)(tag & 7);
                switch (wireType)
                {
                    case 0:
                        Varint(data, ref at);
                        yield return new Field(number, wireType, []);
                        break;
                    case 1:
                        at += 8;
                        yield return new Field(number, wireType, []);
                        break;
                    case 2:
                        var length = (int)Varint(data, ref at);
                        yield return new Field(number, wireType, data[at..(at + length)]);
                        at += length;
                        break;
                    case 5:
                        at += 4;
                        yield return new Field(number, wireType, []);
                        break;
                    default:
                        throw new FormatException($"wire type {wireType}");
                }
            }
        }

        private static ulong Varint(byte[] data, ref int at)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[at++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return value;
            }
        }
    }
}
