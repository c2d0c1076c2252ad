using MergeBus.Storage.S3;

namespace MergeBus.Storage.Tests;

public sealed class S3StorageOptionsTests
{
    private static readonly S3StorageOptions WithSecrets = S3StorageOptions.FromEgressConfig(
        bucket: "recordings",
        prefix: "tenant-a",
        accessKey: "AKIAEXAMPLEACCESSKEY1",
        secret: "wJalrXUtnFEMI-example-secret-key",
        sessionToken: "FwoGZXIvYXdzEXAMPLE-session-token",
        region: "eu-west-1",
        endpoint: "https://minio.internal:9000");

    [Theory]
    [InlineData("AKIAEXAMPLEACCESSKEY1")]
    [InlineData("wJalrXUtnFEMI-example-secret-key")]
    [InlineData("FwoGZXIvYXdzEXAMPLE-session-token")]
    public void Options_to_string_hides_every_credential(string credential)
    {
        Assert.DoesNotContain(credential, WithSecrets.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIAEXAMPLEACCESSKEY1")]
    [InlineData("wJalrXUtnFEMI-example-secret-key")]
    [InlineData("FwoGZXIvYXdzEXAMPLE-session-token")]
    public void Storage_describe_and_to_string_hide_every_credential(string credential)
    {
        using var storage = S3ObjectStorage.FromOptions(WithSecrets);

        Assert.DoesNotContain(credential, storage.Describe() + storage.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_to_string_still_shows_the_non_secret_settings()
    {
        Assert.Contains("Bucket = recordings", WithSecrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_yaml_strings_become_absent_values()
    {
        var options = S3StorageOptions.FromEgressConfig("recordings", prefix: "", accessKey: "", secret: "",
            sessionToken: "", region: "", endpoint: "");

        Assert.Equal(new S3StorageOptions { Bucket = "recordings" }, options);
    }

    [Fact]
    public void Options_to_string_prints_an_endpoint_without_its_user_info()
    {
        var options = WithSecrets with { Endpoint = "https://user:hunter2@minio.internal:9000" };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_key_without_a_secret_is_refused_when_the_store_is_built()
    {
        Assert.Throws<ArgumentException>(() => new S3ObjectStorage(WithSecrets with { Secret = null }));
    }

    [Fact]
    public void An_endpoint_with_user_info_is_described_without_it()
    {
        using var storage = new S3ObjectStorage(WithSecrets with { Endpoint = "https://user:hunter2@minio.internal:9000" });

        Assert.DoesNotContain("hunter2", storage.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_prefix_has_its_slashes_trimmed()
    {
        using var storage = new S3ObjectStorage(WithSecrets with { Prefix = "/tenant-a/recordings/" });

        Assert.Equal("tenant-a/recordings", storage.Prefix);
    }

    [Fact]
    public void A_store_prefix_with_dot_dot_is_rejected()
    {
        Assert.Throws<StorageKeyRejectedException>(() => new S3ObjectStorage(WithSecrets with { Prefix = "a/../b" }));
    }
}
