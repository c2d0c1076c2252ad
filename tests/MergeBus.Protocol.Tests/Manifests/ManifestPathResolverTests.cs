using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class ManifestPathResolverTests
{
    [Fact]
    public void A_bucket_key_is_taken_as_is() =>
        Assert.Equal("room/S/manifest.json", ManifestPathResolver.Resolve("room/S/manifest.json", bucket: "b"));

    [Fact]
    public void A_virtual_hosted_url_becomes_its_key() =>
        Assert.Equal("room/S/manifest.json",
            ManifestPathResolver.Resolve("https://b.s3.us-east-1.amazonaws.com/room/S/manifest.json", bucket: "b"));

    [Fact]
    public void A_path_style_url_becomes_the_key_after_the_bucket() =>
        Assert.Equal("room/S/manifest.json", ManifestPathResolver.Resolve("https://minio:9000/b/room/S/manifest.json", bucket: "b"));

    [Fact]
    public void A_url_outside_the_configured_bucket_is_rejected_instead_of_fetched() =>
        Assert.Throws<PermanentMergeException>(() =>
            ManifestPathResolver.Resolve("https://evil.example.com/x/room/S/manifest.json", bucket: "b"));

    [Fact]
    public void A_local_path_under_the_local_root_becomes_a_key() =>
        Assert.Equal("room/S/manifest.json",
            ManifestPathResolver.Resolve("/data/rec/room/S/manifest.json", bucket: null, localRoot: "/data/rec/"));

    [Fact]
    public void A_local_path_outside_the_local_root_is_rejected() =>
        Assert.Throws<PermanentMergeException>(() =>
            ManifestPathResolver.Resolve("/etc/passwd", bucket: null, localRoot: "/data/rec"));

    [Fact]
    public void The_storage_prefix_is_stripped_from_a_key() =>
        Assert.Equal("room/S/manifest.json",
            ManifestPathResolver.Resolve("recordings/room/S/manifest.json", bucket: null, keyPrefix: "recordings"));

    [Fact]
    public void A_key_climbing_out_of_the_bucket_root_is_rejected()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => ManifestPathResolver.Resolve("room/../../x.json", bucket: null));

        Assert.StartsWith("manifest_path escapes the storage root", ex.Message);
    }
}
