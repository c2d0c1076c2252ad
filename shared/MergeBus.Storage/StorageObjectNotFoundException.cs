namespace MergeBus.Storage;

/// <summary>The object does not exist.</summary>
public sealed class StorageObjectNotFoundException(string key)
    : StorageException($"object not found: {key}");
