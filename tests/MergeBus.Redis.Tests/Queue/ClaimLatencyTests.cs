using System.Diagnostics;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;
using Xunit.Abstractions;

namespace MergeBus.Redis.Tests.Queue;

public sealed class ClaimLatencyTests(RedisFixture fixture, ITestOutputHelper output) : RedisTest(fixture)
{
    [Fact]
    public async Task A_waiting_claimer_picks_up_a_new_entry_well_within_a_second()
    {
        var queue = new EgressQueue(Redis);
        var latencies = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var claiming = queue.ClaimAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(Random.Shared.Next(20, 80)); // land anywhere within the poll interval
            var clock = Stopwatch.StartNew();
            await Database.ListRightPushAsync(EgressQueueKeys.Queue, $"job-{i}");
            var claim = await claiming;
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal($"job-{i}", claim?.Entry);
        }

        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        output.WriteLine($"claim latency over {latencies.Count} entries: median {median:F1} ms, max {latencies[^1]:F1} ms " +
                         $"(poll interval {queue.Options.PollInterval.TotalMilliseconds} ms)");
        Assert.True(median < 1000, $"median claim latency {median:F1} ms");
    }
}
