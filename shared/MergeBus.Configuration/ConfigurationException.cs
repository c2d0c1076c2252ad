namespace MergeBus.Configuration;

/// <summary>A setting is wrong or missing. The message is one line that names the key and never holds a secret.</summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"configuration error: {key} {problem}")
{
    public string Key { get; } = key;
}
