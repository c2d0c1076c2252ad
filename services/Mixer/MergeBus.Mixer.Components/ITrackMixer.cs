using MergeBus.Contracts;

namespace MergeBus.Mixer.Components;

public interface ITrackMixer
{
    /// <summary>Mixes the plan's tracks and stages every output format under the command's staging prefix.</summary>
    /// <exception cref="MergeBus.Protocol.PermanentMergeException">An input cannot be mixed; retrying cannot help.</exception>
    Task<TracksMixed> MixAsync(MixTracks command, IProgress<double>? progress, CancellationToken cancellationToken);
}
