namespace MergeBus.Storage;

/// <summary>
/// Counts the bytes a job moves through any store. Downloads count as they are read (a partial read still moved
/// those bytes); uploads count only once the write succeeded, so a retried upload is not counted twice.
/// Copies are server-side (or local) and move nothing through this process, so they count nothing.
/// </summary>
public sealed class CountingObjectStorage(IObjectStorage inner) : IObjectStorage
{
    private long _bytesDownloaded;
    private long _bytesUploaded;

    public IObjectStorage Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);

    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.StatAsync(key, cancellationToken);

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var stream = await Inner.OpenReadAsync(key, cancellationToken);
        return new CountingStream(stream, read =>
        {
            Interlocked.Add(ref _bytesDownloaded, read);
            Transfers.StorageMetrics.AddDownloaded(read);
        });
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        long sent = 0;
        // leaveOpen semantics: the caller owns content, so the counting wrapper is not disposed here.
        var counting = new CountingStream(content, read => sent += read);
        await Inner.PutAsync(key, counting, cancellationToken);
        Interlocked.Add(ref _bytesUploaded, sent);
        Transfers.StorageMetrics.AddUploaded(sent);
    }

    public async Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        var length = new FileInfo(localPath).Length;
        await Inner.PutFileAsync(key, localPath, cancellationToken);
        Interlocked.Add(ref _bytesUploaded, length);
        Transfers.StorageMetrics.AddUploaded(length);
    }

    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default) =>
        Inner.CopyAsync(sourceKey, destinationKey, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.ListAsync(prefix, cancellationToken);

    public string Describe() => Inner.Describe();

    public override string ToString() => Describe();
}
