namespace MergeBus.Media.Probing;

public interface ITrackProbe
{
    /// <summary>Corrupt, empty or non-audio files throw <see cref="MergeBus.Protocol.PermanentMergeException"/>.</summary>
    Task<TrackProbe> ProbeAsync(string localPath, CancellationToken cancellationToken);
}
