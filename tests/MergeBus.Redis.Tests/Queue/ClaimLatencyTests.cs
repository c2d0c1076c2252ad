using System.Diagnostics;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MergeBus.Redis.Tests.Queue;

/// <summary>Pick-up latency of a waiting claimer, blocking (as Ingest runs) and polled. Figures are printed, not asserted.</summary>
public sealed class ClaimLatencyTests(RedisFixture fixture, ITestOutputHelper output) : RedisTest(fixture)
{
    [Fact]
    public async Task A_blocking_claimer_picks_up_every_new_entry_and_prints_its_latency()
    {
        using var blocking = RedisConnectionFactory.ConnectForBlocking(new RedisConnectionOptions { Address = Fixture.Server.Address });
        var latencies = await MeasureAsync(new EgressQueue(Redis, blocking: blocking));

        output.WriteLine($"blocking claim latency over {latencies.Count} entries: median {latencies[latencies.Count / 2]:F2} ms, " +
                         $"p90 {latencies[latencies.Count * 9 / 10]:F2} ms, max {latencies[^1]:F2} ms");
    }

    [Fact]
    public async Task A_polling_claimer_picks_up_every_new_entry_and_prints_its_latency()
    {
        var queue = new EgressQueue(Redis);
        var latencies = await MeasureAsync(queue);

        output.WriteLine($"polled claim latency over {latencies.Count} entries: median {latencies[latencies.Count / 2]:F2} ms, " +
                         $"p90 {latencies[latencies.Count * 9 / 10]:F2} ms, max {latencies[^1]:F2} ms " +
                         $"(poll interval {queue.Options.PollInterval.TotalMilliseconds} ms)");
    }

    private async Task<List<double>> MeasureAsync(EgressQueue queue)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var claiming = queue.ClaimAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(Random.Shared.Next(20, 80)); // land anywhere within a poll interval
            var clock = Stopwatch.StartNew();
            await Database.ListRightPushAsync(EgressQueueKeys.Queue, $"job-{i}");
            var claim = await claiming;
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal($"job-{i}", claim?.Entry);
        }
        latencies.Sort();
        return latencies;
    }
}
