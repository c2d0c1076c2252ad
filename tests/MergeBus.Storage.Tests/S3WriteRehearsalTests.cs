using System.Net;
using System.Net.Sockets;
using MergeBus.Storage.S3;
using MergeBus.Storage.Tests.Support;
using MergeBus.Testing.Fixtures;

namespace MergeBus.Storage.Tests;

/// <summary>A rehearsed write (a fresh Mixer's warm-up of its staged upload) runs the client's upload and sends nothing.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3WriteRehearsalTests(S3rverFixture s3) : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_rehearsed_write_leaves_the_key_absent_and_the_bucket_as_it_was()
    {
        using var store = await s3.CreateStorageAsync("rehearsal", "jobs");
        await store.PutAsync("room/alice.ogg", StreamText.Of("alice"));
        var before = await store.ListAsync("");

        await store.RehearseWriteAsync("room/mix.ogg", FileOf(64 * 1024));

        Assert.Null(await store.StatAsync("room/mix.ogg"));
        var after = await store.ListAsync("");
        Assert.Equal(before.Select(o => (o.Key, o.Size, o.LastModified)), after.Select(o => (o.Key, o.Size, o.LastModified)));
    }

    [Fact]
    public async Task A_rehearsed_write_succeeds_against_an_endpoint_where_nothing_listens()
    {
        using var store = new S3ObjectStorage(s3.Options("rehearsal-closed") with { Endpoint = $"http://127.0.0.1:{ClosedPort()}", MaxSdkRetries = 0 });
        var file = FileOf(1024);

        // The real upload is refused at once: only the rehearsal never connects.
        await Assert.ThrowsAnyAsync<StorageException>(() => store.PutFileAsync("room/mix.ogg", file));
        await store.RehearseWriteAsync("room/mix.ogg", file);
    }

    [Fact]
    public async Task A_rehearsed_write_checks_its_key_as_a_real_write_does()
    {
        using var store = await s3.CreateStorageAsync("rehearsal");

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => store.RehearseWriteAsync("../escape.ogg", FileOf(16)));
    }

    [Fact]
    public async Task A_store_over_a_callers_client_cannot_rehearse_a_write()
    {
        using var client = S3ClientFactory.Create(s3.Options("rehearsal"));
        using var store = new S3ObjectStorage(client, "rehearsal");

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RehearseWriteAsync("room/mix.ogg", FileOf(16)));
    }

    private string FileOf(int bytes)
    {
        var path = Path.Combine(folder.Path, $"{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
