namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Sees each input's audio as the mixer places it on the mix timeline, block by block in timeline order, before
/// the input's gain. Called on the mixing thread: keep it quick, and copy what must outlive the call.
/// </summary>
public interface IMixTap
{
    /// <param name="inputIndex">Index into <see cref="MixRequest.Inputs"/>.</param>
    /// <param name="timelineStart">Mix position (48 kHz samples) of the first frame in <paramref name="samples"/>.</param>
    /// <param name="samples">Interleaved f32, <paramref name="channels"/> wide (1 or 2); holes inside the block are zeros.
    /// Blocks where the input has no audio at all are not reported.</param>
    void OnInputBlock(int inputIndex, long timelineStart, ReadOnlySpan<float> samples, int channels);
}
