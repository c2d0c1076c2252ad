using MassTransit;
using MergeBus.Contracts;

namespace MergeBus.Mixer.Components.Consumers;

/// <summary>
/// Publishes <see cref="MixProgressed"/> at most every half second, so progress never floods the bus. The first one
/// goes out half a second into the mix: a mix done sooner (a short call) publishes none, and the saga does not read
/// and write the job twice more while its completion is on the way. Once progress was shown, 100 % always is.
/// </summary>
public sealed class MixProgressReporter(ConsumeContext context, MixTracks command) : IProgress<double>
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);
    private readonly object gate = new();
    private DateTime lastSent = DateTime.UtcNow;
    private bool anySent;
    private Task pending = Task.CompletedTask;

    public void Report(double fraction)
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            if (now - lastSent < MinimumInterval && !(fraction >= 1 && anySent)) return;
            lastSent = now;
            anySent = true;
            var totalMs = command.Plan.TimelineSamples * 1000 / 48000;
            pending = pending.ContinueWith(_ => context.Publish(new MixProgressed
            {
                JobId = command.JobId,
                Attempt = command.Attempt,
                Try = command.Try,
                Fraction = Math.Clamp(fraction, 0, 1),
                ProcessedMs = (long)(totalMs * Math.Clamp(fraction, 0, 1)),
                TotalMs = totalMs,
            }), TaskScheduler.Default).Unwrap();
        }
    }

    public Task FlushAsync()
    {
        lock (gate) return pending;
    }
}
