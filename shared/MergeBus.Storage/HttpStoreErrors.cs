using System.Net;
using System.Net.Sockets;

namespace MergeBus.Storage;

/// <summary>
/// The storage exception family for stores spoken to over HTTP (GCS, Azure). Messages carry the backend, the
/// operation, the location, the status and the service's error code only: no header, token or key.
/// </summary>
internal static class HttpStoreErrors
{
    public static StorageException FromStatus(string backend, string operation, string location, string key, int status,
        string? code, Exception? inner)
    {
        if (status == (int)HttpStatusCode.NotFound && code is not ("ContainerNotFound" or "notFound:bucket"))
        {
            return new StorageObjectNotFoundException(key);
        }

        var message = $"{backend} {operation} {location}: HTTP {status} {code}".TrimEnd();
        return status >= 500 || status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.RequestTimeout
            ? new StorageTransientException(message, inner)
            : new StorageException(message, inner);
    }

    public static bool IsNetworkFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            // A timeout surfaces as TaskCanceledException when the caller did not cancel.
            if (e is HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
