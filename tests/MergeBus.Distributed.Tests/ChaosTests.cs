using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Queue;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Everything at once on one deployment: 22 valid jobs (four long encrypted ones, keys only in their entries) on
/// two Mixers, Mixers killed with -9 mid-mix, Ingests killed at each crash point, Redis killed with -9 and restarted
/// from its AOF, a duplicate entry and poison entries. Every valid job completes once with a faithful mix, every
/// poison entry fails with a reason, and no decrypted input stays in any MERGE_TMP_DIR.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChaosTests(Cluster cluster, ITestOutputHelper output)
{
    private const int ShortJobs = 18;
    private const int LongJobs = 4;
    /// <summary>Long enough that a mix runs for seconds (the Mixer does 20–40× real time), so it is killed mid-way.</summary>
    private const double LongSeconds = 150;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CrashPatience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Twenty_two_jobs_survive_killed_mixers_killed_ingests_a_killed_redis_duplicates_and_poison()
    {
        var clock = Stopwatch.StartNew();
        await using var deployment = await cluster.NewDeploymentAsync("chaos");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "2s").With("MERGEBUS__STALL_TIMEOUT", "20s");
        await using var capture = await MessageCapture.StartAsync(deployment);
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var key = Convert.ToBase64String(masterKey);
        bool Encrypted(int i) => i >= ShortJobs;
        var sessions = new List<UploadedSession>();
        for (var i = 0; i < ShortJobs; i++)
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(700 + i, 4)));
        for (var i = 0; i < LongJobs; i++)
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(750 + i, LongSeconds), masterKey));
        var corrupt = await CorruptSessionAsync(deployment);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {sessions.Count + 1} sessions uploaded");

        await Task.WhenAll(
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Publisher", "publisher"),
            deployment.StartAsync("Mixer", "mixer-a"),
            deployment.StartAsync("Mixer", "mixer-b"));
        var ids = new string[sessions.Count];
        async Task Enqueue(int from, int count)
        {
            for (var i = from; i < from + count; i++)
                ids[i] = (await deployment.EnqueueAsync(sessions[i], Encrypted(i) ? key : null)).JobId;
        }

        // Ingest dies after a claim, after a hand-off (before the ack), after a saga save (before its sends) and after
        // the sends (before the ack), each while jobs of its own and replies to the earlier ones are in flight.
        await RunDoomedIngestAsync(deployment, "after-claim:2", () => Enqueue(0, 4));
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, "{poison");
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, """{"id":"poison-no-manifest"}""");
        await RunDoomedIngestAsync(deployment, "after-hand-off:2", () => Enqueue(4, 4));
        await RunDoomedIngestAsync(deployment, "after-saga-save:3", () => Enqueue(8, 4));
        await RunDoomedIngestAsync(deployment, "after-saga-send:3", () => Enqueue(12, 4));
        var ingest = await deployment.StartAsync("Ingest", "ingest");
        await Enqueue(16, 2);
        await deployment.EnqueueAsync(sessions[0], jobId: ids[0]); // the egress pushed job 0 twice
        var corruptId = (await deployment.EnqueueAsync(corrupt, jobId: $"{corrupt.SessionId}_corrupt")).JobId;
        var missingId = (await deployment.EnqueueAsync(corrupt with { ManifestKey = $"{corrupt.Directory}/gone/manifest.json" },
            jobId: $"{corrupt.SessionId}_missing")).JobId;
        await Enqueue(ShortJobs, LongJobs);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: every entry pushed");

        // A Mixer killed -9 mid-mix; Redis killed -9 and restarted from its AOF; while the first Mixer restarts on the
        // same MERGE_TMP_DIR (its janitor removes the decrypted inputs its predecessor left), the other Mixer is
        // killed mid-mix too: on the job the first one was mixing, if nothing else.
        var (first, firstFolder) = await KillMidMixAsync(deployment, ["mixer-a", "mixer-b"]);
        await cluster.Redis.KillAndRestartAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: redis killed and restarted");
        var firstRestarted = deployment.StartAsync("Mixer", first);
        var (second, secondFolder) = await KillMidMixAsync(deployment, [first == "mixer-a" ? "mixer-b" : "mixer-a"]);
        await firstRestarted;
        await deployment.StartAsync("Mixer", second);
        foreach (var folder in new[] { firstFolder, secondFolder })
            await WaitUntilAsync(() => !Directory.Exists(folder), TimeSpan.FromSeconds(30), () => $"{folder} left after its Mixer restarted");

        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);
        var corruptStatus = await WaitForFailureAsync(deployment, corruptId);
        var missingStatus = await WaitForFailureAsync(deployment, missingId);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: every job completed or failed");

        Assert.All(statuses.Values, s => Assert.Equal(JobStatuses.Completed, s.Status));
        var completions = await CompletionsAsync(capture);
        for (var i = 0; i < sessions.Count; i++)
        {
            var saga = (await SagaDocuments.ReadAsync(deployment, ids[i]))!;
            Assert.Equal("Completed", (string)saga["CurrentState"]!);
            var mix = await MixVerifier.MeasureAsync(deployment, sessions[i], Encrypted(i) ? masterKey : null);
            MixVerifier.AssertFaithful(mix, sessions[i]);
            // Once: however often its completion was announced (at least once), it names the one mix the manifest lists.
            var announced = completions.Where(c => c.JobId == ids[i]).Select(c => c.Sha256).Distinct().ToList();
            Assert.Equal(new[] { await StoredSha256Async(deployment, mix.Key) }, announced);
        }
        Assert.Contains("mismatch for " + corrupt.Directory, corruptStatus.Error);
        Assert.Contains("manifest not found", missingStatus.Error);
        Assert.DoesNotContain(completions, c => c.JobId == corruptId || c.JobId == missingId);
        var dead = (await deployment.Redis.ListRangeAsync(EgressQueueKeys.Dead)).Select(v => JsonNode.Parse((string)v!)!).ToList();
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.StartsWith("job entry ", (string)d["reason"]!));
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing));
        Assert.False(ingest.HasExited);
        Assert.True(completions.Count >= sessions.Count);
        await WaitForNoWorkFilesAsync(deployment);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: checked; {completions.Count} completion events for {sessions.Count} jobs");
        // Disposing the deployment asserts that every _error and _skipped queue of its vhost is empty.
    }

    /// <summary>A session whose second track is not the file its manifest lists (size and sha256): permanent bad input.</summary>
    private static async Task<UploadedSession> CorruptSessionAsync(Deployment deployment)
    {
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(790, 4));
        var track = $"{session.Directory}/{session.Truth.Participants[1].FileName}";
        await deployment.Storage.PutFileAsync(track, session.Truth.Participants[0].Path);
        return session;
    }

    /// <summary>Kills (-9) one of <paramref name="candidates"/> in the middle of a long mix; returns it and the folder it left.</summary>
    private async Task<(string Mixer, string Folder)> KillMidMixAsync(Deployment deployment, IReadOnlyList<string> candidates)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (mixer, folder) = await WaitForLongMixAsync(deployment, candidates);
            deployment.Services.Last(s => s.Name == mixer).KillHard();
            var input = Path.Combine(folder, "in", "000.input");
            if (File.Exists(input))
            {
                // Decoded to the clear: the plaintext Ogg of what was (for these long sessions) an encrypted input.
                Assert.Equal("OggS"u8.ToArray(), (await File.ReadAllBytesAsync(input))[..4]);
                output.WriteLine($"{mixer} killed mid-mix, leaving {folder}");
                return (mixer, folder);
            }
            // The mix ended between the look and the kill: the kill was not mid-mix. Restart that Mixer, try again.
            Assert.True(attempt < 3, $"{mixer}'s mix ended before each of {attempt} kills\n{deployment.Logs()}");
            output.WriteLine($"{mixer} killed just after its mix ended; again");
            await deployment.StartAsync("Mixer", mixer);
        }
    }

    private async Task RunDoomedIngestAsync(Deployment deployment, string crashPoint, Func<Task> enqueue)
    {
        // Not waited for: replies of earlier jobs may reach the crash point before the host reports healthy.
        var doomed = await deployment.StartAsync("Ingest", $"ingest-{crashPoint.Replace(':', '-')}", waitUntilHealthy: false,
            only: new Dictionary<string, string> { ["MERGEBUS_TEST_CRASH_AT"] = crashPoint });
        await enqueue();
        try
        {
            await doomed.WaitForExitAsync(CrashPatience);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"ingest never reached {crashPoint}\n{deployment.Logs()}");
        }
        Assert.Contains(doomed.Lines, l => l.Contains($"crash point {crashPoint.Split(':')[0]}"));
        output.WriteLine($"ingest killed at {crashPoint}");
        await deployment.StopAsync(doomed);
    }

    /// <summary>
    /// A Mixer mid-way through a long mix: its work folder holds a long session's input (over 100 KB) and an output
    /// that has been there for 300 ms and grew within the last 300 ms (still encoding, not yet staging).
    /// </summary>
    private static async Task<(string Mixer, string Folder)> WaitForLongMixAsync(Deployment deployment, IReadOnlyList<string> candidates)
    {
        var seen = new Dictionary<string, (TimeSpan First, long Size, TimeSpan Grew)>();
        var recent = TimeSpan.FromMilliseconds(300);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            foreach (var mixer in candidates)
            {
                var root = Path.Combine(deployment.TempDirectoryOf(mixer), "mix");
                foreach (var folder in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
                {
                    var (input, output) = (Bytes(Path.Combine(folder, "in")), Bytes(Path.Combine(folder, "out")));
                    if (input < 100_000 || output == 0) continue;
                    var now = clock.Elapsed;
                    var before = seen.GetValueOrDefault(folder, (now, 0, now));
                    seen[folder] = (before.First, output, output > before.Size ? now : before.Grew);
                    if (now - before.First >= recent && now - seen[folder].Grew < recent) return (mixer, folder);
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no long mix seen on {string.Join(", ", candidates)}\n{deployment.Logs()}");
    }

    /// <summary>Bytes in the files of <paramref name="directory"/>; 0 when it is gone (that mix ended).</summary>
    private static long Bytes(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<MergeJob> WaitForFailureAsync(Deployment deployment, string jobId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await deployment.StatusAsync(jobId) is { Status: JobStatuses.Failed } failed) return failed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{jobId} never failed\n{deployment.Logs()}");
    }

    /// <summary>Every MergeJobCompleted the services published: job id and the sha256 of its first artifact.</summary>
    private static async Task<List<(string JobId, string Sha256)>> CompletionsAsync(MessageCapture capture) =>
        (await capture.DrainAsync())
            .Select(body => JsonNode.Parse(body)!)
            .Where(envelope => envelope["messageType"]!.AsArray().Any(t => ((string)t!).EndsWith(":MergeJobCompleted", StringComparison.Ordinal)))
            .Select(envelope => ((string)envelope["message"]!["jobId"]!, (string)envelope["message"]!["artifacts"]![0]!["sha256"]!))
            .ToList();

    private static async Task<string> StoredSha256Async(Deployment deployment, string key)
    {
        await using var stored = await deployment.Storage.OpenReadAsync(key);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stored));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail(failure());
            await Task.Delay(100);
        }
    }

    private static async Task WaitForNoWorkFilesAsync(Deployment deployment)
    {
        var root = Path.Combine(deployment.WorkDirectory, "tmp");
        string[] left = [];
        await WaitUntilAsync(() =>
        {
            left = Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
            return left.Length == 0;
        }, TimeSpan.FromSeconds(20), () => "work files left behind: " + string.Join(", ", left));
    }
}
