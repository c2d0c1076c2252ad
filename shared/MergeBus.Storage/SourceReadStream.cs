namespace MergeBus.Storage;

/// <summary>
/// Hands the caller's content to an SDK upload, marking any failure of it as <see cref="SourceStreamException"/> so
/// the store can rethrow the caller's own exception instead of reporting a storage failure.
/// </summary>
internal sealed class SourceReadStream(Stream inner) : ForwardReadStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException and not SourceStreamException)
        {
            throw new SourceStreamException(e);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        SourceStreamException.ReadAsync(inner, buffer, cancellationToken);

    /// <summary>The caller's stream failed somewhere inside the SDK's exception chain.</summary>
    public static SourceStreamException? Find(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SourceStreamException source) return source;
            if (e is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null);
        }

        return null;
    }
}
