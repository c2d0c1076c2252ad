using MergeBus.Media.Ffmpeg;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>
/// The decode that leveling needs before the mix: every input is decoded and placed by the same code the mix uses
/// (<see cref="PlacedTrack"/>, block by block, strictly forward) and its covered stretches go to its analyzer.
/// Nothing is summed or encoded; the decoded PCM goes to the input's <see cref="PcmSpool"/>, which the mix then
/// replays instead of decoding again. Inputs run in parallel, one per core.
/// </summary>
internal static class MeasuringPass
{
    public static async Task RunAsync(IReadOnlyList<TrackSource> sources, AnalyzingTap tap, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
        await Task.WhenAll(sources.Select((source, i) => Task.Run(async () =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await MeasureAsync(source, i, tap, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task MeasureAsync(TrackSource source, int index, AnalyzingTap tap, CancellationToken cancellationToken)
    {
        var track = source.Start(RoomMixBuilder.BlockFrames);
        await using (track.ConfigureAwait(false))
        {
            using var kill = cancellationToken.Register(track.Kill);
            var position = Math.Max(0, source.Input.OffsetSamples);
            while (true)
            {
                var overtime = position >= track.PlannedEnd;
                if (overtime && (!track.OpenEnded || track.Finished))
                {
                    break;
                }

                var extent = await track.FillAsync(position, RoomMixBuilder.BlockFrames, cancellationToken).ConfigureAwait(false);
                if (extent > 0)
                {
                    tap.Observe(index, position, track.Block[..(extent * track.Channels)], track.Channels);
                }
                else if (overtime)
                {
                    break;
                }

                position += RoomMixBuilder.BlockFrames;
            }

            try
            {
                await track.FinishAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FfmpegException e)
            {
                throw new PermanentMergeException($"{Path.GetFileName(source.Input.LocalPath)}: not a readable audio file (ffmpeg: {e.Reason})", e);
            }

            // Read to its end and its decoder succeeded: the recording is the whole decoded stream.
            source.Spool?.MarkComplete();
        }
    }
}
