using MergeBus.Storage;

namespace MergeBus.Fetcher.Tests.Support;

/// <summary>A real store seen through a spy: how many reads each download took (not a fake: every byte comes from the store).</summary>
public sealed class ReadCountingStorage(IObjectStorage inner) : IObjectStorage
{
    private readonly Dictionary<string, int> reads = [];

    /// <summary>Reads made on each key's downloads so far.</summary>
    public int ReadsOf(string key)
    {
        lock (reads) return reads.GetValueOrDefault(key);
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default) => inner.StatAsync(key, cancellationToken);

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        new Counted(await inner.OpenReadAsync(key, cancellationToken), () =>
        {
            lock (reads) reads[key] = reads.GetValueOrDefault(key) + 1;
        });

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, cancellationToken);

    public Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default) =>
        inner.PutFileAsync(key, localPath, cancellationToken);

    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default) =>
        inner.CopyAsync(sourceKey, destinationKey, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public string Describe() => inner.Describe();

    private sealed class Counted(Stream stream, Action onRead) : ForwardReadStream
    {
        public override int Read(Span<byte> buffer)
        {
            onRead();
            return stream.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onRead();
            return stream.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) stream.Dispose();
            base.Dispose(disposing);
        }
    }
}
