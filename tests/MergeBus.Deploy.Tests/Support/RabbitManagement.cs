using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>The RabbitMQ management HTTP API, as KEDA's rabbitmq trigger in http mode and operators read it.</summary>
public sealed class RabbitManagement(string baseUrl, string user, string password) : IDisposable
{
    private readonly HttpClient http = new()
    {
        BaseAddress = new Uri(baseUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) },
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>GET /api/queues/%2F/NAME: messages (ready + unacked), messages_ready, messages_unacknowledged, message_stats.</summary>
    public async Task<JsonObject> QueueAsync(string queue) =>
        (await http.GetFromJsonAsync<JsonObject>($"api/queues/%2F/{Uri.EscapeDataString(queue)}"))!;

    public static long Count(JsonObject queue, string field) => queue[field]?.GetValue<long>() ?? 0;

    public static long Redelivered(JsonObject queue) => queue["message_stats"]?["redeliver"]?.GetValue<long>() ?? 0;

    /// <summary>A queue bound to a fanout exchange (declared as MassTransit declares it), to count the events published.</summary>
    public async Task BindCaptureAsync(string queue, string exchange)
    {
        (await http.PutAsJsonAsync($"api/exchanges/%2F/{Uri.EscapeDataString(exchange)}", new { type = "fanout", durable = true })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}", new { durable = false })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"api/bindings/%2F/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}", new { routing_key = "" }))
            .EnsureSuccessStatusCode();
    }

    /// <summary>Takes (acks) up to 1000 messages off a queue and returns their bodies.</summary>
    public async Task<IReadOnlyList<string>> TakeAsync(string queue)
    {
        var response = await http.PostAsJsonAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}/get",
            new { count = 1000, ackmode = "ack_requeue_false", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        return messages.Select(m => (string)m!["payload"]!).ToList();
    }

    public void Dispose() => http.Dispose();
}
