namespace MergeBus.Storage;

/// <summary>Any failure of a store; the subclasses say which kind.</summary>
public class StorageException(string message, Exception? inner = null) : Exception(message, inner);
