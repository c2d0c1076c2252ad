namespace MergeBus.Storage;

/// <summary>A failure worth retrying: 5xx, throttling, timeouts, dropped connections.</summary>
public sealed class StorageTransientException(string message, Exception? inner = null)
    : StorageException(message, inner);
