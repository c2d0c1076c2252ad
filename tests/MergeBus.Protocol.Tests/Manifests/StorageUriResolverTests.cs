using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class StorageUriResolverTests
{
    private const string ManifestKey = "room/S/manifest.json";

    private static string Resolve(string uri, string? bucket = null, string? prefix = null) =>
        StorageUriResolver.Resolve(ManifestKey, uri, bucket, prefix);

    [Fact]
    public void A_bare_name_lies_beside_the_manifest() =>
        Assert.Equal("room/S/file1", Resolve("file1"));

    [Fact]
    public void A_key_already_in_the_manifest_folder_is_taken_as_is() =>
        Assert.Equal("room/S/alice_PA_1.ogg", Resolve("room/S/alice_PA_1.ogg"));

    [Fact]
    public void A_relative_path_is_relative_to_the_manifest_folder() =>
        Assert.Equal("room/S/tracks/a.ogg", Resolve("tracks/a.ogg"));

    [Fact]
    public void Dot_segments_that_stay_inside_the_folder_are_normalised() =>
        Assert.Equal("room/S/b.ogg", Resolve("./tracks/../b.ogg"));

    [Fact]
    public void A_virtual_hosted_s3_url_resolves_to_its_key() =>
        Assert.Equal("room/S/a.ogg", Resolve("https://my-bucket.s3.eu-west-1.amazonaws.com/room/S/a.ogg"));

    [Fact]
    public void A_path_style_url_resolves_to_the_key_after_the_bucket() =>
        Assert.Equal("room/S/a.ogg", Resolve("https://minio.local:9000/my-bucket/room/S/a.ogg"));

    [Fact]
    public void A_path_style_url_of_the_configured_bucket_resolves_to_its_key() =>
        Assert.Equal("room/S/a.ogg", Resolve("https://storage.googleapis.com/my-bucket/room/S/a.ogg", bucket: "my-bucket"));

    [Fact]
    public void A_virtual_hosted_url_of_the_configured_bucket_resolves_to_its_key() =>
        Assert.Equal("room/S/a.ogg", Resolve("https://my-bucket.s3.amazonaws.com/room/S/a.ogg?X-Amz-Date=1", bucket: "my-bucket"));

    [Fact]
    public void A_percent_encoded_url_key_is_decoded() =>
        Assert.Equal("room/S/alice smith.ogg", Resolve("https://b.s3.amazonaws.com/room/S/alice%20smith.ogg"));

    [Fact]
    public void An_s3_url_resolves_to_its_key() =>
        Assert.Equal("room/S/a.ogg", Resolve("s3://my-bucket/room/S/a.ogg", bucket: "my-bucket"));

    [Fact]
    public void The_storage_prefix_is_stripped_from_url_keys() =>
        Assert.Equal("room/S/a.ogg", Resolve("s3://b/recordings/room/S/a.ogg", prefix: "recordings/"));

    [Fact]
    public void A_url_of_another_bucket_is_rejected()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Resolve("s3://other/room/S/a.ogg", bucket: "my-bucket"));

        Assert.Contains("not the configured bucket", ex.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://host/room/S/a.ogg")]
    [InlineData("gopher://x/y")]
    public void Any_other_scheme_is_rejected(string uri)
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Resolve(uri));

        Assert.Contains("unsupported scheme", ex.Message);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("../T/a.ogg")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\..\\b")]
    [InlineData("a\0.ogg")]
    [InlineData("https://b.s3.amazonaws.com/room/S/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("s3://b/other-room/T/a.ogg")]
    public void A_storage_uri_that_escapes_the_session_folder_is_rejected(string uri)
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Resolve(uri));

        Assert.StartsWith("storage_uri escapes the session folder: ", ex.Message);
    }

    [Fact]
    public void An_empty_storage_uri_is_rejected() =>
        Assert.Throws<PermanentMergeException>(() => Resolve(" "));
}
