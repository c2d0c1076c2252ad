using System.Net;
using System.Net.Sockets;
using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;
using MergeBus.Storage.S3;
using MergeBus.Storage.Transfers;
using MergeBus.Testing.Fixtures;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Tests.WarmUp;

/// <summary>The warm-up's requests to the Mixer's real store (s3rver): reads only, and a store that does not answer stops nothing.</summary>
public sealed class MixerWarmUpStoreTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly TempFolder folder = new("warm-up-store");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_warm_up_reads_the_real_store_and_leaves_every_object_in_it_as_it_was()
    {
        using var s3Store = await s3.CreateStorageAsync("warm-up-reads");
        await s3Store.PutAsync("room/S1/alice.ogg", new MemoryStream([1, 2, 3]));
        var before = await s3Store.ListAsync("");
        var store = new ObservedStore(s3Store);
        var logger = new WarmUpLines();

        await RunAsync(new MergeStores(store, store), logger);

        Assert.Contains("stat", store.Operations);
        Assert.Contains("get", store.Operations);
        Assert.All(store.Operations, operation => Assert.Contains(operation, new[] { "stat", "get", "rehearse-write" }));
        var after = await s3Store.ListAsync("");
        Assert.Equal(before.Select(o => (o.Key, o.Size, o.LastModified)), after.Select(o => (o.Key, o.Size, o.LastModified)));
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_warm_up_rehearses_the_staged_upload_with_the_real_client_and_writes_nothing()
    {
        using var s3Store = await s3.CreateStorageAsync("warm-up-rehearsal");
        await s3Store.PutAsync("room/S1/alice.ogg", new MemoryStream([1, 2, 3]));
        var before = await s3Store.ListAsync("");
        var store = new ObservedStore(s3Store);
        var logger = new WarmUpLines();

        await RunAsync(new MergeStores(store, store), logger);

        Assert.Single(store.Operations, o => o == "rehearse-write");
        Assert.DoesNotContain("put", store.Operations);
        Assert.DoesNotContain("put-file", store.Operations);
        var after = await s3Store.ListAsync("");
        Assert.Equal(before.Select(o => (o.Key, o.Size, o.LastModified)), after.Select(o => (o.Key, o.Size, o.LastModified)));
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_failed_upload_rehearsal_costs_one_warning_and_the_mix_is_still_warmed_up()
    {
        using var s3Store = await s3.CreateStorageAsync("warm-up-rehearsal-fails");
        var store = new ObservedStore(s3Store, rehearsalFails: true);
        var logger = new WarmUpLines();

        await RunAsync(new MergeStores(store, store), logger);

        var warning = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.StartsWith("Mixer warm-up of the store's write path failed", warning.Text);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("Mixer warmed up in", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_store_that_refuses_connections_costs_one_warning_and_the_mix_is_still_warmed_up()
    {
        // A loopback port nothing listens on: the real client, refused at once.
        using var closed = new S3ObjectStorage(s3.Options("warm-up-refused") with { Endpoint = $"http://127.0.0.1:{ClosedPort()}", MaxSdkRetries = 0 });
        var logger = new WarmUpLines();

        await RunAsync(new MergeStores(closed, closed), logger);

        var warning = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.StartsWith("Mixer warm-up of the store's read path failed", warning.Text);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("Mixer warmed up in", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    private async Task RunAsync(MergeStores stores, WarmUpLines logger)
    {
        var worker = new WorkerSettings { TempDirectory = folder.Path };
        var warmUp = new MixerWarmUp(new RoomMixBuilder(), worker, MergeLimits.Default, logger, stores: stores);
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StartedAsync(CancellationToken.None);
        await warmUp.Completion;
        await warmUp.StopAsync(CancellationToken.None);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The real store, with the name of every operation asked of it; its rehearsal fails when told to (a fault the
    /// real client cannot be made to show offline).
    /// </summary>
    private sealed class ObservedStore(S3ObjectStorage inner, bool rehearsalFails = false) : IObjectStorage, IStorageWriteRehearsal
    {
        private readonly List<string> operations = [];

        public IReadOnlyList<string> Operations
        {
            get { lock (operations) return [.. operations]; }
        }

        private void Saw(string operation)
        {
            lock (operations) operations.Add(operation);
        }

        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
        {
            Saw("stat");
            return inner.StatAsync(key, cancellationToken);
        }

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
        {
            Saw("get");
            return inner.OpenReadAsync(key, cancellationToken);
        }

        public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
        {
            Saw("put");
            return inner.PutAsync(key, content, cancellationToken);
        }

        public Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default)
        {
            Saw("put-file");
            return inner.PutFileAsync(key, localPath, cancellationToken);
        }

        public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
        {
            Saw("copy");
            return inner.CopyAsync(sourceKey, destinationKey, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            Saw("delete");
            return inner.DeleteAsync(key, cancellationToken);
        }

        public Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
        {
            Saw("list");
            return inner.ListAsync(prefix, cancellationToken);
        }

        public Task RehearseWriteAsync(string key, string localPath, CancellationToken cancellationToken = default)
        {
            Saw("rehearse-write");
            return rehearsalFails
                ? throw new InvalidOperationException("rehearsal refused by the test")
                : inner.RehearseWriteAsync(key, localPath, cancellationToken);
        }

        public string Describe() => inner.Describe();
    }
}
