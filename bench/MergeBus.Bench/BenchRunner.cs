using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;
using MergeBus.Media.Probing;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

/// <summary>
/// Generates each synthetic session, mixes it with <see cref="RoomMixBuilder"/> and then with the naive one-pass
/// ffmpeg line, one run at a time, measuring wall, CPU (self + children), peak RSS of the process tree, and disk.
/// </summary>
public static class BenchRunner
{
    /// <summary>Pause before each measured mix, for the background JIT of the code that ran before it.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1.5);

    public static async Task<BenchReport> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var root = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"mergebus-bench-{Guid.NewGuid():N}"[..29]);
        Directory.CreateDirectory(root);
        var status = new Status(options.Progress, clock);
        var results = new List<BenchCaseResult>();
        var ffmpegVersion = await FfmpegVersionAsync(cancellationToken).ConfigureAwait(false);
        using var ticker = new Timer(_ => status.Tick(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        try
        {
            IReadOnlyList<BenchSession> plan = options.SkipCases ? [] : BenchPlan.Select(BenchPlan.Create(options.Quick), options.CaseFilter);
            // The warm-up is for this process's own mixes; an end-to-end case times a fresh process, cold by design.
            if (plan.Any(s => s.Cases.Any(c => !c.EndToEnd)))
            {
                await WarmUpAsync(root, status, cancellationToken).ConfigureAwait(false);
            }
            status.Line($"{plan.Sum(s => s.Cases.Count)} cases in {plan.Count} sessions ({(options.Quick ? "quick" : "full")}), work folder {root}");
            foreach (var session in plan)
            {
                var sessionDirectory = Path.Combine(root, "sessions", session.Key);
                status.Phase($"synthesizing {session.Participants} × {session.DurationSeconds:0} s");
                var synthetic = await SessionSynthesizer.CreateAsync(sessionDirectory, new SessionSynthesisOptions
                {
                    ParticipantCount = session.Participants,
                    DurationSeconds = session.DurationSeconds,
                    JoinOffsetsSeconds = session.JoinOffsetsSeconds,
                    Dtx = true,
                    Dense = session.Dense,
                    Stereo = false,
                    OpusBitrate = 32_000,
                    RoomName = "bench-" + session.Key,
                }, cancellationToken).ConfigureAwait(false);
                status.Done();

                foreach (var benchCase in session.Cases)
                {
                    if (!benchCase.EndToEnd)
                    {
                        results.Add(await RunCaseAsync(root, session, synthetic, benchCase, status, cancellationToken).ConfigureAwait(false));
                    }
                    else if (options.MergeCommand is { Count: > 0 } merge)
                    {
                        results.Add(await RunEndToEndCaseAsync(root, session, synthetic, benchCase, merge, status, cancellationToken).ConfigureAwait(false));
                    }
                    else
                    {
                        status.Line($"{benchCase.Title}: skipped (no mergebus command to run)");
                    }
                }

                // A work folder the caller named keeps its sessions, to re-run a mix by hand (`mergebus merge`).
                if (options.WorkDirectory is null)
                {
                    TryDeleteDirectory(sessionDirectory);
                }
            }
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                TryDeleteDirectory(root);
            }
        }

        status.Line("done");
        return new BenchReport
        {
            StartedUtc = started,
            Command = options.Command,
            Quick = options.Quick,
            Cpu = CpuModel(),
            LogicalCores = Environment.ProcessorCount,
            Ffmpeg = ffmpegVersion,
            Runtime = RuntimeInformation.FrameworkDescription,
            TotalSeconds = clock.Elapsed.TotalSeconds,
            Cases = results,
            Analyzer = AnalyzerCost.Measure(),
        };
    }

    private static async Task<BenchCaseResult> RunCaseAsync(string root, BenchSession session, SyntheticSession synthetic, BenchCase benchCase, Status status, CancellationToken cancellationToken)
    {
        var inputs = synthetic.Participants
            .OrderBy(p => p.JoinOffsetSamples).ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .Select(p => new MixInput(p.ParticipantId, p.Path, p.JoinOffsetSamples, p.IsAgent))
            .ToList();
        var inputBytes = inputs.Sum(i => new FileInfo(i.LocalPath).Length);
        var caseDirectory = Path.Combine(root, "cases", benchCase.Id);
        var oursOut = Path.Combine(caseDirectory, "ours");
        var baseOut = Path.Combine(caseDirectory, "baseline");
        var scratch = Path.Combine(caseDirectory, "tmp");
        Directory.CreateDirectory(oursOut);
        Directory.CreateDirectory(baseOut);
        Directory.CreateDirectory(scratch);
        var notes = new List<string>();

        // Anything the mixer or ffmpeg puts in the temp folder lands in (and is counted in) the case's scratch folder.
        var previousTmp = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", scratch);
        try
        {
            var builder = new RoomMixBuilder();
            var request = new MixRequest(inputs, benchCase.Layout, ["ogg_opus"], 48_000, 2, oursOut, "room_mix")
            {
                OpusComplexity = benchCase.Complexity,
                Loudness = new LoudnessOptions { Mode = benchCase.Loudness },
            };
            var progress = new Progress<double>(status.Report);
            var oursRuns = new List<RunMeasurement>();
            var floorRuns = new List<RunMeasurement>();
            MixResult? mix = null;
            ArgumentOutOfRangeException.ThrowIfLessThan(benchCase.Pairs, 1);
            for (var pair = 0; pair < benchCase.Pairs; pair++)
            {
                var turn = benchCase.Pairs > 1 ? $" (run {pair + 1} of {benchCase.Pairs})" : "";
                status.Phase($"{benchCase.Title}: ours (RoomMixBuilder){turn}");

                // Whatever synthesis left on the heap is the benchmark's, not the mixer's: give it back before measuring.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();

                // The synthesis code just ran hot, and .NET recompiles hot methods optimized on a background thread a
                // moment later: measured, that JIT (≈ 0.2 s CPU, hashing and JSON) landed inside our mix. Let it finish.
                await Task.Delay(SettleTime, cancellationToken).ConfigureAwait(false);
                var (built, ours) = await Measurement.RunAsync(
                    () => builder.BuildAsync(request, progress, cancellationToken), countSelf: true, [oursOut, scratch]).ConfigureAwait(false);
                status.Done();
                mix ??= built;
                oursRuns.Add(ours);

                // The floor, on the same inputs, right after ours: decode every input once, encode every output stream once.
                status.Phase($"{benchCase.Title}: floor (libopus decode + encode only){turn}");
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var (_, floor) = await Measurement.RunAsync(
                    () => Task.Run(() => Floor.RunAsync([.. inputs.Select(i => (i.LocalPath, i.OffsetSamples))], Floor.OutputStreams(benchCase.Layout, inputs.Count), built.TimelineSamples, Environment.ProcessorCount)),
                    countSelf: true, [scratch]).ConfigureAwait(false);
                status.Done();
                floorRuns.Add(floor);
            }

            notes.AddRange(mix!.Warnings);
            if (benchCase.Pairs > 1)
            {
                notes.Add(AlternatingRuns.Describe(oursRuns, floorRuns));
            }

            var inspectSeconds = await InspectSecondsAsync(inputs, cancellationToken).ConfigureAwait(false);
            var oursFile = mix.Outputs[0].Path;
            var outputBytes = new FileInfo(oursFile).Length;
            var oursSeconds = await DurationAsync(oursFile, cancellationToken).ConfigureAwait(false);
            File.Delete(oursFile);

            RunMeasurement? baseline = null;
            long? baselineBytes = null;
            double? baselineSeconds = null;
            string? baselineLine = null;
            if (benchCase.WithBaseline)
            {
                var baseFile = Path.Combine(baseOut, "naive.ogg");
                var timeline = (long)Math.Round(synthetic.ExpectedTimelineSeconds * 48_000);
                var command = NaiveBaseline.Create(benchCase.Layout, inputs, timeline, baseFile);
                baselineLine = NaiveBaseline.ShellLine(command);
                status.Phase($"{benchCase.Title}: baseline (naive one-pass ffmpeg)");
                (_, baseline) = await Measurement.RunAsync(
                    async () => { await FfmpegRunner.RunAsync(command, cancellationToken).ConfigureAwait(false); return 0; },
                    countSelf: false, [baseOut, scratch]).ConfigureAwait(false);
                status.Done();
                baselineBytes = new FileInfo(baseFile).Length;
                baselineSeconds = await DurationAsync(baseFile, cancellationToken).ConfigureAwait(false);
                File.Delete(baseFile);
                if (oursSeconds is { } a && baselineSeconds is { } b && Math.Abs(a - b) > 0.5)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"output lengths differ: ours {a:F2} s, baseline {b:F2} s"));
                }
            }

            return CaseResult(session, synthetic, benchCase, mix.TimelineSamples, inputBytes, outputBytes, AlternatingRuns.Median(oursRuns), AlternatingRuns.Median(floorRuns)) with
            {
                OursOutputSeconds = oursSeconds,
                InspectSeconds = inspectSeconds,
                Baseline = baseline,
                BaselineOutputBytes = baselineBytes,
                BaselineOutputSeconds = baselineSeconds,
                BaselineCommand = baselineLine,
                Notes = notes,
            };
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", previousTmp);
            TryDeleteDirectory(caseDirectory);
        }
    }

    /// <summary>
    /// `mergebus merge` on a copy of the session (it merges in place), run as a child process and timed from exec to
    /// exit, then the floor on the same inputs. No warm-up: a fresh process is what a user starts.
    /// </summary>
    private static async Task<BenchCaseResult> RunEndToEndCaseAsync(string root, BenchSession session, SyntheticSession synthetic, BenchCase benchCase,
        IReadOnlyList<string> merge, Status status, CancellationToken cancellationToken)
    {
        var caseDirectory = Path.Combine(root, "cases", benchCase.Id);
        var copy = Path.Combine(caseDirectory, "session");
        var scratch = Path.Combine(caseDirectory, "tmp");
        Directory.CreateDirectory(copy);
        Directory.CreateDirectory(scratch);
        foreach (var file in Directory.GetFiles(synthetic.Directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var inputs = synthetic.Participants.Select(p => (p.Path, p.JoinOffsetSamples)).ToList();
        try
        {
            status.Phase($"{benchCase.Title}: ours (mergebus merge, exec to exit)");
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            await Task.Delay(SettleTime, cancellationToken).ConfigureAwait(false);
            var (run, ours) = await EndToEndMerge.RunAsync(merge, Path.Combine(copy, Path.GetFileName(synthetic.ManifestPath)), benchCase.Layout,
                scratch, [copy, scratch], cancellationToken).ConfigureAwait(false);
            status.Done();

            status.Phase($"{benchCase.Title}: floor (libopus decode + encode only)");
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var (_, floor) = await Measurement.RunAsync(
                () => Task.Run(() => Floor.RunAsync(inputs, Floor.OutputStreams(benchCase.Layout, inputs.Count), run.TimelineSamples, Environment.ProcessorCount)),
                countSelf: true, [scratch]).ConfigureAwait(false);
            status.Done();

            return CaseResult(session, synthetic, benchCase, run.TimelineSamples, inputs.Sum(i => new FileInfo(i.Path).Length), run.OutputBytes, ours, floor) with
            {
                EndToEnd = true,
                MixerMixSeconds = run.MixerMixSeconds,
            };
        }
        finally
        {
            TryDeleteDirectory(caseDirectory);
        }
    }

    /// <summary>What every row says about its case and session, whichever way "ours" was run.</summary>
    private static BenchCaseResult CaseResult(BenchSession session, SyntheticSession synthetic, BenchCase benchCase, long timelineSamples,
        long inputBytes, long outputBytes, RunMeasurement ours, RunMeasurement floor) => new()
        {
            Id = benchCase.Id,
            Title = benchCase.Title,
            Layout = benchCase.Layout,
            Participants = session.Participants,
            SessionSeconds = session.DurationSeconds,
            JoinOffsetsSeconds = [.. synthetic.Participants.Select(p => Math.Round(p.JoinOffsetSeconds, 4))],
            AudioSeconds = timelineSamples / 48_000.0,
            InputBytes = inputBytes,
            OutputBytes = outputBytes,
            Ours = ours,
            Floor = floor,
        };

    /// <summary>
    /// A Mixer is a long-running process: .NET compiles its code once (and recompiles the hot parts optimized),
    /// not once per mix. Mixing a short session in every layout first, unmeasured, keeps that one-off cost out of
    /// whichever case happens to run first. The floor runs too, so both sides are measured warm.
    /// </summary>
    private static async Task WarmUpAsync(string root, Status status, CancellationToken cancellationToken)
    {
        status.Phase("warm-up (4 × 20 s, every layout, unmeasured)");
        var directory = Path.Combine(root, "warm-up");
        var session = await SessionSynthesizer.CreateAsync(Path.Combine(directory, "session"), new SessionSynthesisOptions
        {
            ParticipantCount = 4,
            DurationSeconds = 20,
            Dtx = true,
            Stereo = false,
            OpusBitrate = 32_000,
            RoomName = "bench-warm-up",
        }, cancellationToken).ConfigureAwait(false);
        var inputs = session.Participants.Select(p => new MixInput(p.ParticipantId, p.Path, p.JoinOffsetSamples, p.IsAgent)).ToList();
        foreach (var layout in new[] { MixLayouts.Mix, MixLayouts.PerParticipant })
        {
            // Tiered compilation recompiles a method after 30 calls and a short delay: a few rounds get there.
            for (var round = 0; round < 3; round++)
            {
                var output = Path.Combine(directory, $"{layout}-{round}");
                var mix = await new RoomMixBuilder().BuildAsync(new MixRequest(inputs, layout, ["ogg_opus"], 48_000, 2, output, "room_mix"), null, cancellationToken).ConfigureAwait(false);
                await Floor.RunAsync([.. inputs.Select(i => (i.LocalPath, i.OffsetSamples))], Floor.OutputStreams(layout, inputs.Count), mix.TimelineSamples, Environment.ProcessorCount).ConfigureAwait(false);
            }
        }

        TryDeleteDirectory(directory);
        status.Done();
    }

    /// <summary>
    /// What RoomMixBuilder does before any decoder starts (ffprobe, then the Ogg timeline, input by input),
    /// repeated on its own after the measured run: the fixed cost that short sessions cannot amortize.
    /// </summary>
    private static async Task<double> InspectSecondsAsync(IReadOnlyList<MixInput> inputs, CancellationToken cancellationToken)
    {
        var probe = new FfprobeTrackProbe();
        var clock = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            var probed = await probe.ProbeAsync(input.LocalPath, cancellationToken).ConfigureAwait(false);
            if (probed.IsOggOpus)
            {
                _ = OpusTimeline.Read(input.LocalPath);
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double?> DurationAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var text = await FfmpegRunner.CaptureAsync(FfmpegCommand.Ffprobe(
                "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", FfmpegCommand.LocalFile(path)), cancellationToken).ConfigureAwait(false);
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        catch (FfmpegException)
        {
            return null;
        }
    }

    private static async Task<string> FfmpegVersionAsync(CancellationToken cancellationToken)
    {
        var text = await FfmpegRunner.CaptureAsync(FfmpegCommand.Ffmpeg("-version"), cancellationToken).ConfigureAwait(false);
        return text.Split('\n')[0].Trim();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is not worth failing the benchmark for.
        }
    }

    /// <summary>Progress lines: "[  12.3 s] phase … done in 4.56 s", and a heartbeat every 10 s.</summary>
    private sealed class Status(TextWriter writer, Stopwatch clock)
    {
        private readonly Lock gate = new();
        private string? phase;
        private TimeSpan phaseStart;
        private double? fraction;

        public void Line(string text)
        {
            lock (gate)
            {
                writer.WriteLine($"[bench {clock.Elapsed.TotalSeconds,7:F1} s] {text}");
                writer.Flush();
            }
        }

        public void Phase(string name)
        {
            lock (gate)
            {
                phase = name;
                phaseStart = clock.Elapsed;
                fraction = null;
            }

            Line(name + " …");
        }

        public void Report(double value)
        {
            lock (gate)
            {
                fraction = value;
            }
        }

        public void Done()
        {
            string? name;
            TimeSpan took;
            lock (gate)
            {
                name = phase;
                took = clock.Elapsed - phaseStart;
                phase = null;
            }

            Line(string.Create(CultureInfo.InvariantCulture, $"{name}: done in {took.TotalSeconds:F2} s"));
        }

        public void Tick()
        {
            string? name;
            TimeSpan took;
            double? done;
            lock (gate)
            {
                name = phase;
                took = clock.Elapsed - phaseStart;
                done = fraction;
            }

            if (name is not null)
            {
                var share = done is { } d ? string.Create(CultureInfo.InvariantCulture, $", {d * 100:F0} %") : "";
                Line(string.Create(CultureInfo.InvariantCulture, $"{name}: {took.TotalSeconds:F0} s so far{share}"));
            }
        }
    }
}
