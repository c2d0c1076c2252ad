using System.CommandLine;
using MergeBus.Cli.Local;
using MergeBus.Cli.Output;
using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using Microsoft.Extensions.Logging;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus demo`: a realistic session (staggered joins, DTX holes, a late joiner who talks last, a moment where
/// everyone shouts), merged through the real pipeline, then measured against the truth it was generated from.
/// </summary>
public static class DemoCommand
{
    private const double OnsetToleranceMs = 2;
    private const double LengthToleranceMs = 20;

    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "Folder for the session and its mix", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var participants = new Option<int>("--participants") { Description = "Speakers (3 or more)", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = "Session length", DefaultValueFactory = _ => 30 };
        var loudness = new Option<string>("--loudness")
        {
            Description = "off (default) or speech: speakers recorded at about -32, -22 and -12 LUFS are leveled to -18 LUFS",
            DefaultValueFactory = _ => LoudnessModes.Off,
        };
        var command = new Command("demo", "Generate a realistic session, merge it, and check where every word landed")
        {
            output, participants, seconds, loudness,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(output)!,
            Math.Max(3, parse.GetValue(participants)), Math.Max(10, parse.GetValue(seconds)), LoudnessModes.Validate(parse.GetValue(loudness)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string outputRoot, int participants, double seconds, string loudness, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(Path.Combine(outputRoot, $"session-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}"));
        Console.Out.WriteLine($"Generating a {participants}-person, {seconds:F0} s session (staggered joins, DTX holes, a late joiner who talks last)…");
        var session = await SessionSynthesizer.CreateAsync(directory, new SessionSynthesisOptions
        {
            ParticipantCount = participants,
            DurationSeconds = seconds,
            LateJoinerTalksLast = true,
            // Leveling shows on speakers recorded at different levels; a shout would be everyone's loudest speech.
            ShoutAtSeconds = loudness == LoudnessModes.Speech ? null : seconds * 0.45,
            ParticipantAmplitudes = loudness == LoudnessModes.Speech ? DemoLevels(participants) : null,
            RoomName = "demo-room",
            ManifestFormats = ["ogg_opus", "wav_pcm"],
        }, cancellationToken);
        foreach (var p in session.Participants)
        {
            Console.Out.WriteLine($"  {p.Identity,-16} joins at {p.JoinOffsetSeconds,7:F3} s  {p.FileName}");
        }

        Console.Out.WriteLine($"Merging {session.ManifestPath} through the saga, Fetcher, Mixer and Publisher (in one process)…");
        var progress = new ProgressDisplay(quiet: false);
        LocalMergeResult result;
        try
        {
            result = await LocalMergeRunner.RunAsync(new LocalMergeOptions { ManifestPath = session.ManifestPath, Loudness = loudness },
                progress.OnProgress, progress.OnStep, LogLevel.Warning, cancellationToken);
        }
        finally
        {
            progress.Finish();
        }

        if (!result.Outcome.Succeeded)
        {
            Console.Error.WriteLine($"demo failed: the merge failed: {result.Outcome.Reason}");
            return 1;
        }

        foreach (var artifact in result.Outcome.Artifacts)
        {
            Console.Out.WriteLine($"  mix ({artifact.Format}): {Path.Combine(directory, artifact.StorageUri)}");
        }

        return await CheckAsync(session, result, cancellationToken) ? 0 : 1;
    }

    private static async Task<bool> CheckAsync(SyntheticSession session, LocalMergeResult result, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine("Checking the mix against the generated truth (decoded, measured):");
        var wav = result.Outcome.Artifacts.Single(a => a.Format == "wav_pcm");
        var ogg = result.Outcome.Artifacts.Single(a => a.Format == "ogg_opus");
        var lossless = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, wav.StorageUri), cancellationToken);
        var opus = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, ogg.StorageUri), cancellationToken);

        var speech = session.Bursts.Where(b => !b.IsShout).ToList();
        var errors = speech.Select(b =>
        {
            var (onset, end) = ToneMeasure.FindBurst(lossless[0], b.FrequencyHz, b.StartSeconds, b.EndSeconds);
            return (Onset: Math.Abs(onset - b.StartSeconds) * 1000, End: Math.Abs(end - b.EndSeconds) * 1000);
        }).ToList();
        var worstOnset = errors.Max(e => double.IsNaN(e.Onset) ? double.PositiveInfinity : e.Onset);
        var worstEnd = errors.Max(e => double.IsNaN(e.End) ? double.PositiveInfinity : e.End);
        var lastBurst = speech.MaxBy(b => b.EndSeconds)!;
        var lengthError = Math.Abs(opus.DeclaredDurationSeconds - session.ExpectedTimelineSeconds) * 1000;
        var peak = Math.Max(ToneMeasure.Peak(lossless), ToneMeasure.Peak(opus));

        var ok = true;
        ok &= Report(worstOnset <= OnsetToleranceMs && worstEnd <= OnsetToleranceMs,
            $"{speech.Count} speech bursts at their times: worst onset error {worstOnset:F3} ms, worst end error {worstEnd:F3} ms (limit {OnsetToleranceMs} ms)");
        ok &= Report(lengthError <= LengthToleranceMs,
            $"length {opus.DeclaredDurationSeconds:F3} s; the latest participant's timeline ends at {session.ExpectedTimelineSeconds:F3} s (nothing truncated)");
        ok &= Report(lastBurst.EndSeconds <= opus.DeclaredDurationSeconds,
            $"the late joiner's last words ({lastBurst.StartSeconds:F3}–{lastBurst.EndSeconds:F3} s) are in the mix");
        ok &= Report(peak <= 1.0, session.Bursts.Any(b => b.IsShout)
            ? $"peak {peak:F3} while everyone shouts at once (limiter, no clipping)"
            : $"peak {peak:F3} (no clipping)");
        var manifest = Manifest.Parse(await File.ReadAllTextAsync(result.ManifestPath, cancellationToken));
        var index = result.Outcome.Artifacts.Single(a => a.Format == ArtifactFormats.SpeechJson);
        ok &= DemoSpeechReport.PrintIndex(session, Path.Combine(session.Directory, index.StorageUri));
        ok &= await DemoSpeechReport.PrintLoudnessAsync(session, lossless, manifest.RoomMix?.Loudness, cancellationToken);
        Console.Out.WriteLine($"  manifest updated: {result.ManifestPath} (room_mix.status = completed)");
        Console.Out.WriteLine(ok ? "demo passed" : "demo FAILED");
        return ok;
    }

    /// <summary>Burst amplitudes whose speech reads −32, −22 and −12 LUFS (laptop microphones 20 dB apart), repeated.</summary>
    private static double[] DemoLevels(int participants) =>
        [.. Enumerable.Range(0, participants).Select(i => ToneLevels.AmplitudeForLufs(-32 + (10 * (i % 3)), ToneLevels.FrequencyOf(i)))];

    private static bool Report(bool passed, string what)
    {
        Console.Out.WriteLine($"  {(passed ? "ok  " : "FAIL")} {what}");
        return passed;
    }
}
