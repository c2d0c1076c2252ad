using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace MergeBus.Storage.Gcs;

/// <summary>
/// Builds a client that talks only to the configured endpoint: an explicit service account key when given; with an
/// endpoint override and no key, unauthenticated (an emulator), so no metadata server is ever asked for a token;
/// otherwise Google's application default credentials.
/// </summary>
public static class GcsClientFactory
{
    public static StorageClient Create(GcsStorageOptions options)
    {
        var builder = new StorageClientBuilder();
        if (options.Endpoint is { } endpoint)
        {
            builder.BaseUri = endpoint.TrimEnd('/') + "/";
        }

        if (!string.IsNullOrWhiteSpace(options.CredentialsJson))
        {
            builder.GoogleCredential = ParseKey(options.CredentialsJson);
        }
        else if (options.Endpoint is not null)
        {
            builder.UnauthenticatedAccess = true;
        }

        StorageClient client;
        try
        {
            client = builder.Build();
        }
        catch (InvalidOperationException)
        {
            throw new StorageConfigurationException("storage.gcp.credentials_json",
                "is empty and no application default credentials were found");
        }

        client.Service.HttpClient.Timeout = options.RequestTimeout;
        return client;
    }

    private static GoogleCredential ParseKey(string json)
    {
        try
        {
            return CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException
                                      or Newtonsoft.Json.JsonException)
        {
            // The parser's message may quote the key material: say only what is wrong.
            throw new StorageConfigurationException("storage.gcp.credentials_json", "is not a service account key (JSON)");
        }
    }
}
