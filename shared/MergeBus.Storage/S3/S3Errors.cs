using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace MergeBus.Storage.S3;

/// <summary>
/// Turns SDK failures into the storage exception family. Messages are built here from the operation, the
/// location, the status and the S3 error code only, so no request detail (headers, signatures) reaches them.
/// </summary>
internal static class S3Errors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "ServiceUnavailable", "RequestLimitExceeded", "TooManyRequestsException",
    };

    /// <summary>Null means "not ours to translate": rethrow the original (e.g. the caller's cancellation).</summary>
    public static Exception? Translate(Exception error, string operation, string location, string key,
        CancellationToken cancellationToken)
    {
        if (error is StorageException || (error is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        if (error is AmazonServiceException service && service.StatusCode != 0)
        {
            return FromService(service, operation, location, key);
        }

        if (IsNetworkFailure(error))
        {
            return new StorageTransientException($"s3 {operation} {location}: network failure or timeout", error);
        }

        return error is AmazonClientException
            ? new StorageException($"s3 {operation} {location}: client error ({error.GetType().Name})", error)
            : null;
    }

    private static StorageException FromService(AmazonServiceException error, string operation, string location,
        string key)
    {
        var status = (int)error.StatusCode;
        var code = error.ErrorCode ?? string.Empty;
        if (code is "NoSuchKey" || (status == 404 && code is "" or "NotFound"))
        {
            return new StorageObjectNotFoundException(key);
        }

        var message = $"s3 {operation} {location}: HTTP {status} {code}".TrimEnd();
        return status >= 500 || status == (int)HttpStatusCode.TooManyRequests || TransientCodes.Contains(code)
            ? new StorageTransientException(message, error)
            : new StorageException(message, error);
    }

    private static bool IsNetworkFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            // A timeout surfaces as TaskCanceledException when the caller did not cancel.
            if (e is HttpRequestException or IOException or SocketException or TimeoutException
                or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
