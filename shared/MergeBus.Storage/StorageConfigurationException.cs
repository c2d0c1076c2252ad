namespace MergeBus.Storage;

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
