namespace MergeBus.Storage;

/// <summary>The key leaves the store's root (.., absolute path, empty segment tricks).</summary>
public sealed class StorageKeyRejectedException(string key, string why)
    : StorageException($"storage key rejected ({why}): {key}");
