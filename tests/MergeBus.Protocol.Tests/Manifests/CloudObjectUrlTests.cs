using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

/// <summary>GCS and Azure object URLs in manifest_path and storage_uri become keys of the configured bucket only.</summary>
public class CloudObjectUrlTests
{
    private const string ManifestKey = "room/S/manifest.json";

    [Fact]
    public void A_gs_url_of_the_configured_bucket_resolves_to_its_key() =>
        Assert.Equal("room/S/a.ogg", StorageUriResolver.Resolve(ManifestKey, "gs://recordings/room/S/a.ogg", "recordings"));

    [Fact]
    public void A_gs_url_of_another_bucket_is_refused_naming_both_buckets()
    {
        var error = Assert.Throws<PermanentMergeException>(
            () => StorageUriResolver.Resolve(ManifestKey, "gs://elsewhere/room/S/a.ogg", "recordings"));

        Assert.Contains("'elsewhere', not the configured bucket 'recordings'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_googleapis_com_url_resolves_to_the_key_after_the_bucket() =>
        Assert.Equal("room/S/manifest.json",
            ManifestPathResolver.Resolve("https://storage.googleapis.com/recordings/room/S/manifest.json", "recordings"));

    [Fact]
    public void A_gs_manifest_path_under_the_storage_prefix_loses_the_prefix_the_store_adds_back() =>
        Assert.Equal("room/S/manifest.json",
            ManifestPathResolver.Resolve("gs://recordings/tenant/room/S/manifest.json", "recordings", keyPrefix: "tenant"));

    [Fact]
    public void An_azure_blob_url_of_the_configured_container_resolves_to_its_key() =>
        Assert.Equal("room/S/a%b.ogg", StorageUriResolver.Resolve(ManifestKey,
            "https://acct.blob.core.windows.net/recordings/room/S/a%25b.ogg", "recordings"));

    [Fact]
    public void An_azure_account_named_like_the_container_still_reads_the_container_from_the_path() =>
        Assert.Equal("room/S/manifest.json", ManifestPathResolver.Resolve(
            "https://recordings.blob.core.windows.net/recordings/room/S/manifest.json", "recordings"));

    [Fact]
    public void An_azure_blob_url_of_another_container_is_refused() =>
        Assert.Throws<PermanentMergeException>(() => ManifestPathResolver.Resolve(
            "https://acct.blob.core.windows.net/other/room/S/manifest.json", "recordings"));

    [Fact]
    public void An_unknown_scheme_is_refused_listing_the_ones_understood()
    {
        var error = Assert.Throws<PermanentMergeException>(() => ManifestPathResolver.Resolve("ftp://x/room/S/m.json", "b"));

        Assert.Contains("s3:// or gs://", error.Message, StringComparison.Ordinal);
    }
}
