using MassTransit;
using System.Diagnostics;
using MergeBus.Contracts;
using MergeBus.Mixer.Components.Telemetry;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Protocol;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components.Consumers;

public sealed class MixTracksConsumer(ITrackMixer mixer, ILogger<MixTracksConsumer> logger, MixerWarmUpGate? warmUp = null) : IConsumer<MixTracks>
{
    public async Task Consume(ConsumeContext<MixTracks> context)
    {
        var command = context.Message;
        warmUp?.GiveWay(); // a job never shares the cores with the warm-up
        MixerMetrics.MixStarted();
        try
        {
            var progress = new MixProgressReporter(context, command);
            var clock = Stopwatch.StartNew();
            var mixed = await mixer.MixAsync(command, progress, context.CancellationToken);
            MixerMetrics.Mixed(mixed.DurationMs, clock.Elapsed);
            await progress.FlushAsync();
            logger.LogInformation("Job {JobId} attempt {Attempt}: mixed {Seconds:F3} s into {Formats}",
                command.JobId, command.Attempt, mixed.DurationMs / 1000.0, string.Join(",", mixed.Artifacts.Select(a => a.Format)));
            // A finished mix is always reported, even when the Mixer is told to stop right now (MixerShutdown).
            await context.Publish(mixed, CancellationToken.None);
        }
        catch (Exception stopped) when (context.CancellationToken.IsCancellationRequested)
        {
            // The Mixer is stopping (MixerShutdown) and the mix is not done. Whatever the cancelled mix threw, it is
            // no verdict on the inputs: MassTransit must see a cancellation, which hands the message back to the
            // queue without a retry, a fault or a counted attempt.
            logger.LogWarning("Job {JobId} attempt {Attempt}: the Mixer is stopping and the mix is not done; handing it back to the queue",
                command.JobId, command.Attempt);
            throw stopped as OperationCanceledException ?? new OperationCanceledException("the Mixer is stopping", stopped, context.CancellationToken);
        }
        catch (PermanentMergeException bad)
        {
            logger.LogWarning("Job {JobId}: cannot mix: {Reason}", command.JobId, bad.Message);
            await context.PublishPermanentFailure(command.JobId, command.Attempt, command.Try, MergeSteps.Mix, bad);
        }
        finally
        {
            MixerMetrics.MixEnded();
        }
    }
}
