using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Downstream.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit.Abstractions;

namespace MergeBus.Downstream.Tests;

[Collection(ClusterCollection.Name)]
public sealed class EventsOverAmqpTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_separate_subscriber_process_receives_MergeJobCompleted_with_the_stored_mix_sha256()
    {
        await using var deployment = await cluster.NewDeploymentAsync("subscriber");
        await using var subscriber = await SampleSubscriber.StartAsync(deployment, "sample-mix-ready");
        var starting = deployment.StartAllAsync("mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(700, 4));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([id], Patience);
        var line = await SampleSubscriber.WaitForLineAsync(subscriber, l => l.StartsWith($"mix ready: job {id} "), TimeSpan.FromSeconds(30));

        var words = line.Split(' ');
        // mix ready: job ID room ROOM FORMAT KEY SIZE bytes sha256 SHA DURATION ms
        var stored = await ReadAllAsync(deployment, words[7]);
        Assert.Equal("room-700", words[5]);
        Assert.Equal(stored.Length.ToString(), words[8]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), words[11]);
        output.WriteLine(line);
    }

    [Fact]
    public async Task A_plain_amqp_client_binds_its_own_queue_and_reads_the_envelope_of_started_and_completed()
    {
        await using var deployment = await cluster.NewDeploymentAsync("plain-amqp");
        // No MassTransit here: what a Python or Go app would do with any AMQP 0-9-1 client.
        await using var connection = await Amqp.ConnectAsync(deployment);
        await using var channel = await connection.CreateChannelAsync();
        const string queue = "transcriber";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in new[] { "MergeBus.Contracts:MergeJobStarted", "MergeBus.Contracts:MergeJobCompleted" })
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
        }
        var received = Channel.CreateUnbounded<(string ContentType, string Body)>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await received.Writer.WriteAsync((delivery.BasicProperties.ContentType ?? "", Encoding.UTF8.GetString(delivery.Body.Span)));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var starting = deployment.StartAllAsync("mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(701, 4));
        await starting;
        var (id, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([id], Patience);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var envelopes = new List<JsonObject>();
        while (envelopes.Count < 2)
        {
            var (contentType, body) = await received.Reader.ReadAsync(wait.Token);
            Assert.Equal("application/vnd.masstransit+json", contentType);
            envelopes.Add(JsonNode.Parse(body)!.AsObject());
            output.WriteLine(body);
        }

        var started = envelopes.Single(e => IsOf(e, "MergeJobStarted"));
        var completed = envelopes.Single(e => IsOf(e, "MergeJobCompleted"));
        Assert.Equal(id, (string)started["message"]!["jobId"]!);
        Assert.Equal("queue", (string)started["message"]!["source"]!);
        var message = completed["message"]!.AsObject();
        Assert.Equal(id, (string)message["jobId"]!);
        Assert.True(Guid.TryParse((string?)completed["messageId"], out _));
        Assert.Equal(["fetch", "mix", "publish"], message["stepDurationsMs"]!.AsObject().Select(p => p.Key).Order());
        // The mix and, beside it, its speech index: each names an object that is stored with that size and sha256.
        Assert.Equal(["ogg_opus", "speech_json"], message["artifacts"]!.AsArray().Select(a => (string)a!["format"]!).Order());
        foreach (var published in message["artifacts"]!.AsArray())
        {
            var stored = await ReadAllAsync(deployment, (string)published!["key"]!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), (string)published["sha256"]!);
            Assert.Equal(stored.Length, (long)published["size"]!);
        }

        var artifact = message["artifacts"]!.AsArray().Single(a => (string)a!["format"]! == "ogg_opus")!;
        Assert.Equal(2, artifact["channels"]!.AsArray().SelectMany(c => c!["participantIds"]!.AsArray()).Select(p => (string)p!).Distinct().Count());
        // The wire matches the committed schemas, field for field.
        Assert.Empty(EventSchemas.Mismatches(EventSchemas.ReadCommitted(typeof(MergeBus.Contracts.MergeJobCompleted)), message));
        Assert.Empty(EventSchemas.Mismatches(EventSchemas.ReadCommitted(typeof(MergeBus.Contracts.MergeJobStarted)), started["message"]));
    }

    private static bool IsOf(JsonObject envelope, string name) =>
        envelope["messageType"]!.AsArray().Any(t => (string)t! == $"urn:message:MergeBus.Contracts:{name}");

    private static async Task<byte[]> ReadAllAsync(Deployment deployment, string key)
    {
        await using var stream = await deployment.Storage.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
