using System.Runtime.ExceptionServices;

namespace MergeBus.Storage;

/// <summary>
/// Marks a failure of the caller's own content stream during a put, so the stores' error mapping lets it through
/// unchanged instead of reporting it as a storage (or network) failure.
/// </summary>
internal sealed class SourceStreamException(Exception inner) : Exception(inner.Message, inner)
{
    public static async ValueTask<int> ReadAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not SourceStreamException)
        {
            throw new SourceStreamException(e);
        }
    }

    /// <summary>Throws the original exception with its original stack trace.</summary>
    public Exception Unwrap()
    {
        ExceptionDispatchInfo.Throw(InnerException!);
        return this; // not reached
    }
}
