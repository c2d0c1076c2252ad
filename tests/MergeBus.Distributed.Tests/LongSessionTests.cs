using System.Diagnostics;
using MergeBus.Bench;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// The distributed row of issue 22: the benchmark's 4 × 600 s session merged from S3 and back by the four services
/// as processes, timed from RPUSH to the status key reading completed, beside the floor measured on the same files.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LongSessionTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>The goal for enqueue → completed over the floor; printed, not asserted (the machine is shared).</summary>
    private const double GoalRatio = 1.5;

    [Fact]
    public async Task A_four_person_ten_minute_session_from_s3_completes_faithfully_and_prints_its_time_beside_the_floor()
    {
        await using var deployment = await cluster.NewDeploymentAsync("long");
        var starting = deployment.StartAllAsync("mixer-a");
        // The benchmark's (a) session: 4 people × 600 s joining at 0, 5, 30 and 60 s, DTX holes as LiveKit cuts them.
        var session = await Sessions.UploadAsync(deployment, new SessionSynthesisOptions
        {
            ParticipantCount = 4,
            DurationSeconds = 600,
            JoinOffsetsSeconds = [0, 5, 30, 60],
            Seed = 22,
            RoomName = "long-room",
        });
        var warmUp = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(23, 10));
        await starting;

        // A Mixer lives for many jobs: one small job first, so the row is the steady state (the cold start is another row).
        var (warmUpId, _) = await deployment.EnqueueAsync(warmUp);
        await deployment.WaitForCompletionAsync([warmUpId], Patience);

        var (id, enqueuedAt) = await deployment.EnqueueAsync(session);
        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
        var wall = (DateTimeOffset.UnixEpoch.AddTicks(status.CompletedAt / 100) - enqueuedAt).TotalSeconds;
        var saga = (await SagaDocuments.ReadAsync(deployment, id))!;
        var steps = string.Join(", ", ((System.Text.Json.Nodes.JsonObject)saga["StepDurationsMs"]!).Select(p => $"{p.Key} {p.Value} ms"));
        var downloaded = (long)saga["Transfer"]!["BytesDownloaded"]!;

        // What one plain read of the inputs from s3rver costs (the least any reader pays), and the Mixer's own account.
        var read = Stopwatch.StartNew();
        await Task.WhenAll(session.Truth.Participants.Select(async p =>
        {
            await using var stream = await deployment.Storage.OpenReadAsync($"{session.Directory}/{p.FileName}");
            await stream.CopyToAsync(Stream.Null);
        }));
        var oneRead = read.Elapsed.TotalMilliseconds;
        var fetcherLine = deployment.Services.Single(s => s.Name == "fetcher").Lines.LastOrDefault(l => l.Contains("inputs verified", StringComparison.Ordinal));
        var mixerLine = deployment.Services.Single(s => s.Name == "mixer-a").Lines.LastOrDefault(l => l.Contains("inputs fetched in", StringComparison.Ordinal));

        // The services are idle now: the floor runs alone, as in the benchmark.
        var clock = Stopwatch.StartNew();
        var timelineSamples = (long)Math.Round(session.Truth.ExpectedTimelineSeconds * 48_000);
        await Floor.RunAsync([.. session.Truth.Participants.Select(p => (p.Path, p.JoinOffsetSamples))],
            Floor.OutputStreams(MixLayouts.Mix, session.Truth.Participants.Count), timelineSamples, Environment.ProcessorCount);
        var floor = clock.Elapsed.TotalSeconds;

        var mix = await MixVerifier.MeasureAsync(deployment, session);
        MixVerifier.AssertFaithful(mix, session);
        var inputBytes = session.Truth.Participants.Sum(p => new FileInfo(p.Path).Length);
        output.WriteLine($"distributed, 4 × 600 s from S3 (s3rver, Redis, RabbitMQ, 4 service processes): enqueue→completed {wall:F2} s, " +
            $"floor {floor:F2} s, {wall / floor:F2}× the floor (goal ≤ {GoalRatio}×); steps: {steps}; " +
            $"inputs {inputBytes / 1024} KiB, downloaded {downloaded / 1024} KiB ({(double)downloaded / inputBytes:F2}× the inputs); " +
            $"one plain read of the inputs from s3rver {oneRead:F0} ms; the Fetcher: {fetcherLine}; the Mixer: {mixerLine}");
        Assert.Equal("completed", status.Status);
        // Fetcher and Mixer each read every input once, no more (the rest is the manifest, a few KiB).
        Assert.InRange(downloaded, 2 * inputBytes, 2 * inputBytes + 64 * 1024);
    }
}
