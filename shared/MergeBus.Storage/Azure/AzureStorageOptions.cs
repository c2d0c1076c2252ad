namespace MergeBus.Storage.Azure;

/// <summary>
/// Where and how to reach an Azure Blob container (spec §5, <c>storage.azure</c> plus <c>storage.prefix</c>).
/// Leave <see cref="AccountKey"/> empty to use Azure's default credential chain (managed or workload identity, env).
/// </summary>
public sealed record AzureStorageOptions
{
    public required string AccountName { get; init; }

    public required string ContainerName { get; init; }

    public string? Prefix { get; init; }

    /// <summary>The storage account's shared key (base64).</summary>
    public string? AccountKey { get; init; }

    /// <summary>
    /// The blob service URL of a non-Azure endpoint (Azurite), e.g. http://127.0.0.1:10000/devstoreaccount1.
    /// Default: https://ACCOUNT.blob.core.windows.net.
    /// </summary>
    public string? Endpoint { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public int MaxSdkRetries { get; init; } = 2;

    public Uri ServiceUri => Endpoint is { } endpoint
        ? new Uri(endpoint.TrimEnd('/') + "/")
        : new Uri($"https://{AccountName}.blob.core.windows.net/");

    /// <summary>Never prints the key: only whether it is set.</summary>
    public override string ToString() =>
        $"AzureStorageOptions {{ AccountName = {AccountName}, ContainerName = {ContainerName}, Prefix = {Prefix}, " +
        $"Endpoint = {Endpoint}, AccountKey = {(string.IsNullOrEmpty(AccountKey) ? "(none)" : "***")} }}";
}
