using MergeBus.LoopbackServers;
using MergeBus.Storage.S3;
using MergeBus.Storage.Tests.Support;
using MergeBus.Testing.Fixtures;

namespace MergeBus.Storage.Tests;

/// <summary>How failures surface: the right exception type, and never a credential in the text.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ErrorMappingTests(S3rverFixture s3)
{
    private const string UnknownAccessKey = "AKIAUNKNOWNKEY7Q3X";
    private const string Secret = "secret-Zq8xV2mK7pL4";

    // s3rver echoes the access key id in its error body, so this also checks that the body stays out of our text.
    [Theory]
    [InlineData(UnknownAccessKey)]
    [InlineData(Secret)]
    public async Task A_refused_access_key_is_a_permanent_error_whose_full_text_has_no_credential(string credential)
    {
        await s3.CreateBucketAsync("errors");
        using var store = new S3ObjectStorage(s3.Options("errors") with
        {
            AccessKey = UnknownAccessKey,
            Secret = Secret,
            MaxSdkRetries = 0,
        });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync("a.txt", StreamText.Of("a")));

        Assert.DoesNotContain(credential, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_error()
    {
        var closedPort = TestPorts.FreeLoopbackPort();
        using var store = new S3ObjectStorage(s3.Options("errors") with
        {
            Endpoint = $"http://127.0.0.1:{closedPort}",
            MaxSdkRetries = 0,
        });

        await Assert.ThrowsAsync<StorageTransientException>(() => store.StatAsync("a.txt"));
    }

    [Fact]
    public async Task A_503_slow_down_answer_is_a_transient_error()
    {
        using var server = new SlowDownServer();
        using var store = new S3ObjectStorage(s3.Options("errors") with { Endpoint = server.Endpoint, MaxSdkRetries = 0 });

        var error = await Assert.ThrowsAsync<StorageTransientException>(() => store.OpenReadAsync("a.txt"));

        Assert.Contains("503 SlowDown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_permanent_error_not_a_missing_object()
    {
        using var store = new S3ObjectStorage(s3.Options("no-such-bucket-here") with { MaxSdkRetries = 0 });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.OpenReadAsync("a.txt"));

        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
    }
}
