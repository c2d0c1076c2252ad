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

/// <summary>
/// The configured store cannot be used: bad credentials, a missing bucket. Found at start, never per job; the message
/// is one line that starts with the configuration key.
/// </summary>
public sealed class StorageConfigurationException(string key, string problem)
    : StorageException($"{key} {problem}")
{
    public string Key { get; } = key;

    public string Problem { get; } = problem;
}
