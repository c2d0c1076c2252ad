namespace MergeBus.Mixer.Components.Mixing;

public interface IRoomMixBuilder
{
    /// <summary>
    /// Mixes and encodes every requested format in one pass. Bad input throws
    /// <see cref="MergeBus.Protocol.PermanentMergeException"/>; on any failure or cancellation no output file remains.
    /// </summary>
    Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}
