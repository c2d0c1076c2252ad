using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Media.Ogg;
using MergeBus.Media.Probing;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Hostile timelines and audio headers, each through `mergebus merge` as a process: the job fails with a one-line
/// reason, room_mix records it, no output appears, every input keeps its bytes, and the run stays within
/// <see cref="TimeBound"/> and <see cref="PeakBound"/> (the CLI's VmHWM, and each ffmpeg/ffprobe child's, polled).
/// </summary>
public class HostileTimelineInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A healthy 4 s merge takes a few seconds; a hostile one must not take much longer.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(90);

    /// <summary>A healthy 4 s merge peaks near 95 MiB in the CLI; hours of output or a 1 Hz decoder go far past this.</summary>
    private const long PeakBound = 250L * 1024 * 1024;

    private const long SamplesPerSecond = 48_000;
    private const long NanosPerSecond = 1_000_000_000;

    private static readonly Dictionary<string, (Action<SessionFolder> Break, string Reason)> Hostile = new()
    {
        ["granules moved 10 minutes later"] = (s => ShiftGranules(s, 0, _ => 10 * 60 * SamplesPerSecond), "after its left_at"),
        ["granules near 2^63"] = (s => ShiftGranules(s, 1, last => long.MaxValue - last - 10), "maximum session length"),
        ["granules moved 8 s later, past left_at and its 5 s tolerance"] = (s => ShiftGranules(s, 0, _ => 8 * SamplesPerSecond), "after its left_at"),
        ["a participant joining after ended_at"] = (s => EditParticipant(s, 1, p =>
        {
            var ended = (long)s.ReadManifest()["ended_at"]!;
            p["joined_at"] = ended + 3600 * NanosPerSecond;
            p["left_at"] = ended + 3610 * NanosPerSecond;
        }), "after its ended_at"),
        ["a session longer than the limit"] = (s => EditParticipant(s, 1, p => p["joined_at"] = (long)p["joined_at"]! + 25 * 3600 * NanosPerSecond),
            "maximum session length"),
        ["a negative joined_at"] = (s => EditParticipant(s, 0, p => p["joined_at"] = -1), "negative timestamp"),
        ["a joined_at that is not an integer"] = (s => EditParticipant(s, 0, p => p["joined_at"] = 1.5), "joined_at must be an integer"),
        ["too many participants"] = (TooManyParticipants, "MaxParticipants (64)"),
        ["a WAV header claiming 1 Hz"] = (s => ReplaceWithWav(s, sampleRate: 1, channels: 1, samples: 1000), "sample rate 1 Hz"),
        ["a WAV header claiming 0 channels"] = (s => ReplaceWithWav(s, sampleRate: 16000, channels: 0, samples: 16000), "not a readable audio file"),
        ["a WAV header claiming 65535 channels"] = (s => ReplaceWithWav(s, sampleRate: 16000, channels: 65535, samples: 16000), "not a readable audio file"),
        ["an absurd pre-skip that leaves no audio"] = (s => KeepFirstPagesWithPreSkip(s, 0, 40_000, preSkip: 65535), "no audio on its timeline"),
        ["an Ogg with no audio packets"] = (s => KeepFirstPagesWithPreSkip(s, 0, 0, preSkip: null), "no audio packets"),
    };

    public static TheoryData<string> Rows => new(Hostile.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_hostile_timeline_input_fails_with_its_reason_in_bounded_time_and_memory_and_touches_no_input(string row)
    {
        var (breakSession, reason) = Hostile[row];
        using var session = await SessionFolder.CreateAsync();
        breakSession(session);
        var inputsBefore = InputsOf(session);

        var run = await RunMergeAsync(session.ManifestPath);

        output.WriteLine($"{row}: exit {run.ExitCode} in {run.Elapsed.TotalSeconds:F1} s, peak {run.PeakBytes >> 20} MiB; {run.Stderr.Trim()}");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("merge failed:", StringComparison.Ordinal));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        var roomMix = session.ReadManifest()["room_mix"]!;
        Assert.Equal("failed", (string)roomMix["status"]!);
        Assert.Contains(reason, (string)roomMix["error"]!, StringComparison.Ordinal);
        Assert.Equal(inputsBefore, InputsOf(session)); // no output file, and every input byte-identical
        Assert.True(run.Elapsed < TimeBound, $"took {run.Elapsed}");
        Assert.True(run.PeakBytes < PeakBound, $"peaked at {run.PeakBytes >> 20} MiB");
    }

    [Fact]
    public async Task An_input_with_100000_holes_merges_to_its_full_length_within_the_memory_bound()
    {
        using var session = await SessionFolder.CreateAsync();
        var timelineSeconds = ReplaceWithHoles(session, 0, 100_000);

        var run = await RunMergeAsync(session.ManifestPath, "--json");

        output.WriteLine($"100000 holes: exit {run.ExitCode} in {run.Elapsed.TotalSeconds:F1} s, peak {run.PeakBytes >> 20} MiB");
        Assert.Equal(0, run.ExitCode);
        var durationMs = (long)JsonNode.Parse(run.Stdout)!["room_mix"]![0]!["duration_ms"]!;
        Assert.InRange(durationMs, (long)(timelineSeconds * 1000) - 1, (long)(timelineSeconds * 1000) + 1);
        Assert.True(run.PeakBytes < HolesPeakBound, $"peaked at {run.PeakBytes >> 20} MiB");
    }

    [Fact]
    public async Task An_input_with_100000_holes_is_planned_with_at_most_max_runs_per_input_runs_over_the_same_span()
    {
        using var session = await SessionFolder.CreateAsync();
        ReplaceWithHoles(session, 0, 100_000);
        var limits = new MergeLimits { MaxRunsPerInput = 500 };
        var work = Path.Combine(session.Directory, "..", Path.GetFileName(session.Directory) + "-work");
        try
        {
            var fetcher = new InputFetcher(new MergeStores(new LocalObjectStorage(session.Directory), new LocalObjectStorage(work)),
                new InMemoryJobKeyVault(), new FfprobeTrackProbe(), new WorkerSettings { TempDirectory = work }, limits);

            var fetched = await fetcher.FetchAsync(new FetchInputs { JobId = "holes", Attempt = 1, ManifestPath = "manifest.json" }, CancellationToken.None);

            var holed = fetched.Plan.Tracks.Single(t => t.ParticipantId == session.Session.Participants[0].ParticipantId);
            var exact = OpusTimeline.Read(session.InputPath(0));
            Assert.Equal(100_000 - 1, exact.Segments.Count); // 100,001 packets, the first two all pre-skip
            Assert.Equal(500, holed.AudioRuns.Count);
            Assert.Equal(exact.Segments[0].TimelineStart, holed.AudioRuns[0].StartSamples);
            Assert.Equal(exact.EndSamples, holed.AudioRuns[^1].StartSamples + holed.AudioRuns[^1].LengthSamples);
            Assert.All(holed.AudioRuns.Zip(holed.AudioRuns.Skip(1)), pair => Assert.True(pair.First.StartSamples + pair.First.LengthSamples < pair.Second.StartSamples));
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Where the CLI peaked with 100,000 holes before their record was bounded: about 265 MB (issue 19).</summary>
    private const long HolesPeakBound = 200L * 1024 * 1024;

    /// <summary>
    /// Replaces a participant's file with an Ogg Opus of <paramref name="holes"/> + 1 pages, each one 2.5 ms CELT
    /// packet followed by a 1-sample hole, and stretches its left_at and the session's ended_at over it.
    /// Returns the file's timeline length in seconds.
    /// </summary>
    private static double ReplaceWithHoles(SessionFolder session, int participant, int holes)
    {
        const int preSkip = 312, packet = 120, step = packet + 1;
        using var file = new MemoryStream();
        var writer = new OggPageWriter(file, serialNumber: 7);
        byte[] head = [.. "OpusHead"u8, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        writer.WritePage([head], 0, beginOfStream: true);
        writer.WritePage([[.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0]], 0);
        long granule = 0;
        for (var i = 0; i <= holes; i++)
        {
            granule = preSkip + (long)i * step + packet;
            writer.WritePage([[0x80]], granule, endOfStream: i == holes);
        }
        session.ReplaceInput(participant, file.ToArray());

        var manifest = session.ReadManifest();
        var p = manifest["participants"]![participant]!.AsObject();
        var endNs = (long)p["joined_at"]! + (granule - preSkip) * NanosPerSecond / SamplesPerSecond;
        p["left_at"] = endNs;
        manifest["ended_at"] = endNs;
        session.WriteManifest(manifest);
        return (granule - preSkip) / (double)SamplesPerSecond;
    }

    /// <summary>Every file but the manifest, by name, with its bytes' hash.</summary>
    private static IReadOnlyDictionary<string, string> InputsOf(SessionFolder session) =>
        session.Snapshot().Where(f => f.Key != "manifest.json").ToDictionary();

    private static void EditParticipant(SessionFolder session, int index, Action<JsonObject> edit)
    {
        var manifest = session.ReadManifest();
        edit(manifest["participants"]![index]!.AsObject());
        session.WriteManifest(manifest);
    }

    private static void TooManyParticipants(SessionFolder session)
    {
        var manifest = session.ReadManifest();
        var participants = manifest["participants"]!.AsArray();
        var first = participants[0]!;
        for (var i = participants.Count; i < 65; i++)
        {
            var copy = first.DeepClone().AsObject();
            copy["participant_id"] = $"PA_copy{i}";
            participants.Add(copy);
        }
        session.WriteManifest(manifest);
    }

    /// <summary>A canonical 16-bit PCM WAV whose header claims the given rate and channels; the data is silence.</summary>
    private static void ReplaceWithWav(SessionFolder session, int sampleRate, int channels, int samples)
    {
        var blockAlign = Math.Max(1, channels) * 2;
        var dataBytes = samples * 2 * Math.Max(1, Math.Min(channels, 2));
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), (ushort)blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        session.ReplaceInput(0, wav);
        var manifest = session.ReadManifest();
        session.Artifact(manifest, 0)["format"] = "wav_pcm";
        session.WriteManifest(manifest);
    }

    /// <summary>Adds <paramref name="shift"/>(last granule) to every audio page's granule, re-sealing each page's CRC.</summary>
    private static void ShiftGranules(SessionFolder session, int participant, Func<long, long> shift)
    {
        var bytes = File.ReadAllBytes(session.InputPath(participant));
        var pages = PagesOf(bytes);
        var by = shift(pages[^1].GranulePosition);
        foreach (var page in pages.Skip(2))
        {
            var at = (int)page.FileOffset;
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + 6), page.GranulePosition + by);
            Reseal(bytes, page);
        }
        session.ReplaceInput(participant, bytes);
    }

    /// <summary>
    /// Keeps the header pages and the audio pages that end by <paramref name="lastGranule"/>, and sets the OpusHead's
    /// pre-skip when given.
    /// </summary>
    private static void KeepFirstPagesWithPreSkip(SessionFolder session, int participant, long lastGranule, int? preSkip)
    {
        var bytes = File.ReadAllBytes(session.InputPath(participant));
        var pages = PagesOf(bytes);
        var kept = pages.Take(2).Concat(pages.Skip(2).TakeWhile(p => p.GranulePosition <= lastGranule)).ToList();
        var end = (int)(kept[^1].FileOffset + PageLength(kept[^1]));
        bytes = bytes[..end];
        if (preSkip is { } skip)
        {
            var head = pages[0];
            var packetAt = (int)head.FileOffset + 27 + head.LacingValues.Length;
            Assert.True(OpusHead.IsOpusHead(bytes.AsSpan(packetAt)));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(packetAt + 10), (ushort)skip);
            Reseal(bytes, head);
        }
        session.ReplaceInput(participant, bytes);
    }

    private static List<OggPage> PagesOf(byte[] bytes)
    {
        var reader = new OggPageReader(new MemoryStream(bytes), "input");
        var pages = new List<OggPage>();
        while (reader.ReadPage() is { } page) pages.Add(page);
        Assert.True(pages.Count > 3, "the input needs audio pages");
        return pages;
    }

    private static int PageLength(OggPage page) => 27 + page.LacingValues.Length + page.Body.Length;

    private static void Reseal(byte[] bytes, OggPage page)
    {
        var span = bytes.AsSpan((int)page.FileOffset, PageLength(page));
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], OggCrc.Compute(span));
    }

    private sealed record CliRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, long PeakBytes);

    /// <summary>`mergebus merge` as a process; its VmHWM, and every child's, polled until it exits.</summary>
    private static async Task<CliRun> RunMergeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mergebus.dll"));
        start.ArgumentList.Add("merge");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var timeout = new CancellationTokenSource(TimeBound * 2);
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakOfTree(process.Id));
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mergebus merge ran longer than {TimeBound * 2}");
            }
        }
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await stdout, await stderr, clock.Elapsed, peak);
    }

    /// <summary>The largest VmHWM of a process and its descendants, as /proc shows them now (0 for any already gone).</summary>
    private static long PeakOfTree(int pid)
    {
        var peak = VmHwm(pid);
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var children = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    peak = Math.Max(peak, PeakOfTree(int.Parse(child, CultureInfo.InvariantCulture)));
            }
        }
        catch (IOException)
        {
            // The process (or a thread) ended while we looked.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return peak;
    }

    private static long VmHwm(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
