using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace MergeBus.Storage.Azure;

/// <summary>
/// Builds a blob service client for the configured account: the shared key when given, otherwise Azure's default
/// credential chain. Only the given endpoint is contacted; retries are few because callers retry whole steps.
/// </summary>
public static class AzureClientFactory
{
    public static BlobServiceClient Create(AzureStorageOptions options)
    {
        var clientOptions = new BlobClientOptions
        {
            Retry =
            {
                MaxRetries = options.MaxSdkRetries,
                NetworkTimeout = options.RequestTimeout,
                Mode = RetryMode.Exponential,
            },
        };
        clientOptions.Diagnostics.IsTelemetryEnabled = false; // no SDK user-agent telemetry
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;

        if (string.IsNullOrWhiteSpace(options.AccountKey))
        {
            return new BlobServiceClient(options.ServiceUri, new DefaultAzureCredential(), clientOptions);
        }

        StorageSharedKeyCredential key;
        try
        {
            // Decodes the key now: one that is not base64 fails here, at start.
            key = new StorageSharedKeyCredential(options.AccountName, options.AccountKey);
        }
        catch (FormatException)
        {
            throw new StorageConfigurationException("storage.azure.account_key", "is not a base64 account key");
        }

        return new BlobServiceClient(options.ServiceUri, key, clientOptions);
    }
}
