using MergeBus.Storage;
using Microsoft.Win32.SafeHandles;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>
/// One input's decoded PCM exactly as its decoder gave it (interleaved float32, 192 kB per second per channel),
/// kept by leveling's measuring pass so the mix reads it back instead of decoding the input a second time. The
/// file is unlinked as soon as it is open: nothing is left behind on success, failure or a killed process, and its
/// disk is freed when the spool is disposed. Placement still runs on the replayed stream, so it is identical.
/// </summary>
internal sealed class PcmSpool : IDisposable
{
    private readonly SafeFileHandle file;

    /// <param name="directory">The mix's own work folder.</param>
    public PcmSpool(string directory)
    {
        var path = Path.Combine(directory, $"pcm-{Guid.NewGuid():N}.f32");
        file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(path);
    }

    /// <summary>Bytes recorded so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>Set once the measuring pass read the decoder to its end and it succeeded: the mix may replay it.</summary>
    public bool Complete { get; private set; }

    /// <summary>The decoder's stream, recording everything read from it.</summary>
    public Stream Record(Stream decoded) => new RecordingStream(decoded, this);

    /// <summary>The whole recording from its start, read straight into the caller's buffers.</summary>
    public Stream Replay() => Complete
        ? new ReplayStream(this)
        : throw new InvalidOperationException("the decoded PCM is replayed only after its decoder finished");

    public void MarkComplete() => Complete = true;

    public void Dispose() => file.Dispose();

    private void Append(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(file, bytes, Bytes);
        Bytes += bytes.Length;
    }

    /// <summary>Passes reads through and appends what they returned.</summary>
    private sealed class RecordingStream(Stream inner, PcmSpool spool) : ForwardReadStream
    {
        public override int Read(Span<byte> buffer)
        {
            var got = inner.Read(buffer);
            spool.Append(buffer[..got]);
            return got;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var got = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            spool.Append(buffer.Span[..got]);
            return got;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the recording forward from its start.</summary>
    private sealed class ReplayStream(PcmSpool spool) : ForwardReadStream
    {
        private long position;

        public override int Read(Span<byte> buffer)
        {
            var wanted = (int)Math.Min(buffer.Length, spool.Bytes - position);
            var got = wanted <= 0 ? 0 : RandomAccess.Read(spool.file, buffer[..wanted], position);
            position += got;
            return got;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }
    }
}
