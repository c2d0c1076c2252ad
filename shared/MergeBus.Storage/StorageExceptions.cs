namespace MergeBus.Storage;

public class StorageException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class StorageObjectNotFoundException(string key)
    : StorageException($"object not found: {key}");

/// <summary>The key leaves the store's root (.., absolute path, empty segment tricks).</summary>
public sealed class StorageKeyRejectedException(string key, string why)
    : StorageException($"storage key rejected ({why}): {key}");

/// <summary>A failure worth retrying: 5xx, throttling, timeouts, dropped connections.</summary>
public sealed class StorageTransientException(string message, Exception? inner = null)
    : StorageException(message, inner);
