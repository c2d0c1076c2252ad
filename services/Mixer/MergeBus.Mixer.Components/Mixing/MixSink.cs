namespace MergeBus.Mixer.Components.Mixing;

/// <summary>Where the limited mix goes: one output file, written in process or by an ffmpeg encoder.</summary>
internal abstract class MixSink : IAsyncDisposable
{
    /// <summary>Takes frames of the interleaved f32 mix (<paramref name="width"/> channels). The caller reuses the buffer once the task ends.</summary>
    public abstract Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken);

    /// <summary>After the last write: finish the file (or close the encoder's stdin and wait for it to succeed).</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Blocks taken and not yet encoded. While the encoder has some queued it is busy on a core of its own, and the
    /// mixing thread fills the next block alone instead of handing half of it to a second thread (see MixSession).
    /// </summary>
    public virtual int Backlog => 0;

    /// <summary>Stops any work at once (cancellation, failure elsewhere).</summary>
    public virtual void Kill()
    {
    }

    public abstract ValueTask DisposeAsync();
}
