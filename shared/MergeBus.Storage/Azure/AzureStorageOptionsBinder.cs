using MergeBus.Configuration;

namespace MergeBus.Storage.Azure;

/// <summary>
/// storage.azure of the egress config (spec §5), with storage.prefix and mergebus.storage.azure_endpoint. Without
/// account_key, Azure's default credential chain (managed or workload identity, env) is used.
/// </summary>
public static class AzureStorageOptionsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "storage.azure.account_name", "storage.azure.container_name", "storage.azure.account_key", "mergebus.storage.azure_endpoint");

    public static AzureStorageOptions Bind(ConfigurationValues values) => new()
    {
        AccountName = values.Get("storage.azure.account_name")?.Trim()
            ?? throw new ConfigurationException("storage.azure.account_name", "is required"),
        ContainerName = values.Get("storage.azure.container_name")?.Trim()
            ?? throw new ConfigurationException("storage.azure.container_name", "is required"),
        AccountKey = values.Get("storage.azure.account_key"),
        Prefix = values.Get("storage.prefix"),
        Endpoint = values.HttpUrl("mergebus.storage.azure_endpoint"),
    };
}
