using MergeBus.Bench;
using MergeBus.Cli.Local;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol;

namespace MergeBus.Cli.Commands;

/// <summary>
/// The latency part of `mergebus bench`: a 2-person 10 s session merged job after job on the in-process stack
/// (the real saga and all four services, in-memory transport and job store, local disk), each timed from
/// submission to its outcome. No Redis queue and no RabbitMQ: the distributed tests measure those.
/// </summary>
internal static class BenchLatencyRun
{
    private const int MeasuredJobs = 9;

    public static async Task<BenchLatency> MeasureAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"mergebus-latency-{Guid.NewGuid():N}"[..31]);
        try
        {
            progress.WriteLine($"[bench] latency: 1 + {MeasuredJobs} jobs of a 2 × 10 s session on the in-process stack …");
            var session = await SessionSynthesizer.CreateAsync(Path.Combine(directory, "session"), new SessionSynthesisOptions
            {
                ParticipantCount = 2,
                DurationSeconds = 10,
                RoomName = "bench-latency",
            }, cancellationToken);
            var runs = await LocalMergeRunner.TimeMergesAsync(
                new LocalMergeOptions { ManifestPath = session.ManifestPath, TempDirectory = Path.Combine(directory, "tmp") },
                1 + MeasuredJobs, cancellationToken);
            if (runs.FirstOrDefault(r => !r.Result.Outcome.Succeeded) is { Result: { } failed })
            {
                throw new PermanentMergeException($"latency run: the merge failed: {failed.Outcome.Reason}");
            }

            var measured = runs.Skip(1).Select(r => Math.Round(r.Elapsed.TotalMilliseconds, 1)).ToList();
            var sorted = measured.Order().ToList();
            return new BenchLatency("2 × 10 s session", "in-process stack (real saga and services; in-memory transport and job store; local disk)",
                sorted[sorted.Count / 2], measured, Math.Round(runs[0].Elapsed.TotalMilliseconds, 1));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
