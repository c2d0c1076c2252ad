using MergeBus.Contracts;
using MergeBus.Mixer.Components;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>
/// Stands in for the real track mixer only to choose the outcome of each call (the real one mixes real files in the
/// other tests of this project). Call n (from 1) gets <c>outcome(n)</c>.
/// </summary>
public sealed class ScriptedTrackMixer(Func<int, MixTracks, TracksMixed> outcome) : ITrackMixer
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public Task<TracksMixed> MixAsync(MixTracks command, IProgress<double>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(outcome(Interlocked.Increment(ref calls), command));

    public static TracksMixed Mixed(MixTracks command) => new()
    {
        JobId = command.JobId,
        Attempt = command.Attempt,
        Try = command.Try,
        Artifacts = command.Plan.OutputKeys.Select(o => new StagedArtifact
        {
            Format = o.Key,
            StagingKey = command.StagingPrefix + Path.GetFileName(o.Value),
            FinalKey = o.Value,
            Size = 2048,
            Sha256 = new string('b', 64),
        }).ToList(),
        Channels = [],
        DurationMs = 2000,
    };
}
