namespace MergeBus.Storage.Gcs;

/// <summary>
/// Where and how to reach a Google Cloud Storage bucket (spec §5, <c>storage.gcp</c> plus <c>storage.prefix</c>).
/// Leave <see cref="CredentialsJson"/> empty to use Google's application default credentials.
/// </summary>
public sealed record GcsStorageOptions
{
    /// <summary>The SDK's own resumable-upload chunk (10 MiB); a multiple of 256 KiB.</summary>
    public const int DefaultChunkSize = 10 * 1024 * 1024;

    public required string Bucket { get; init; }

    public string? Prefix { get; init; }

    /// <summary>A service account key (the JSON text itself, as the egress YAML carries it).</summary>
    public string? CredentialsJson { get; init; }

    /// <summary>
    /// The JSON API base of a non-Google endpoint (an emulator), e.g. http://127.0.0.1:9199/ for
    /// firebase-tools' emulator (its rewriteTo route lives only at the root). Without
    /// credentials it is reached unauthenticated, so nothing asks a metadata server for a token.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// Uploads of unknown length go up as one resumable session in chunks of this size; the object appears only
    /// when the last chunk is committed, so a failed upload leaves the previous object in place.
    /// </summary>
    public int UploadChunkSize { get; init; } = DefaultChunkSize;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Never prints the credentials: only whether they are set.</summary>
    public override string ToString() =>
        $"GcsStorageOptions {{ Bucket = {Bucket}, Prefix = {Prefix}, Endpoint = {Endpoint}, " +
        $"CredentialsJson = {(string.IsNullOrEmpty(CredentialsJson) ? "(none)" : "***")}, UploadChunkSize = {UploadChunkSize} }}";
}
