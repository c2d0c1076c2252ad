using MergeBus.Storage.Tests.Support;

namespace MergeBus.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="IObjectStorage"/> promises, run against each backend (local, S3, GCS, Azure) on a real server.
/// A subclass supplies a store under a given prefix; each test works under its own fresh prefix.
/// </summary>
public abstract class ObjectStorageContract : IAsyncLifetime
{
    // A fresh prefix per test keeps tests independent on a shared server.
    protected readonly string Run = $"t-{Guid.NewGuid():N}";
    private readonly List<IObjectStorage> _stores = [];
    private IObjectStorage _store = null!;

    /// <summary>A store whose keys live under <paramref name="prefix"/> (none: the bucket's root).</summary>
    protected abstract Task<IObjectStorage> CreateStoreAsync(string? prefix);

    /// <summary>What <see cref="IObjectStorage.Describe"/> must say for the store under <see cref="Run"/>.</summary>
    protected abstract string ExpectedDescription { get; }

    public async Task InitializeAsync() => _store = await StoreAsync(Run);

    public Task DisposeAsync()
    {
        foreach (var store in _stores) (store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IObjectStorage> StoreAsync(string? prefix)
    {
        var store = await CreateStoreAsync(prefix);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task An_object_put_reads_back_with_the_same_content()
    {
        await _store.PutAsync("room/S/manifest.json", StreamText.Of("{\"status\":\"completed\"}"));

        Assert.Equal("{\"status\":\"completed\"}", await StreamText.ReadAllAsync(_store, "room/S/manifest.json"));
    }

    [Fact]
    public async Task A_20_MB_stream_of_unknown_length_round_trips_byte_for_byte()
    {
        const long size = 20L * 1024 * 1024 + 123; // more than one S3 part or Azure block

        await _store.PutAsync("room/S/big.ogg", new PatternStream(size));

        Assert.Equal(PatternStream.Sha256Of(size), await StreamText.Sha256Async(_store, "room/S/big.ogg"));
        Assert.Equal(size, (await _store.StatAsync("room/S/big.ogg"))?.Size);
    }

    [Fact]
    public async Task An_upload_whose_source_fails_midway_leaves_the_previous_object_in_place()
    {
        await _store.PutAsync("room/S/mix.ogg", StreamText.Of("previous"));

        // Fails after 20 MB: an S3 multipart upload has sent its first part by then.
        var error = await Assert.ThrowsAsync<IOException>(
            () => _store.PutAsync("room/S/mix.ogg", new PatternStream(40_000_000, failAfter: 20_000_000)));

        Assert.Equal("source failed on purpose", error.Message);
        Assert.Equal("previous", await StreamText.ReadAllAsync(_store, "room/S/mix.ogg"));
    }

    [Fact]
    public async Task An_overwrite_replaces_the_whole_object()
    {
        await _store.PutAsync("room/S/manifest.json", StreamText.Of("a much longer first version"));

        await _store.PutAsync("room/S/manifest.json", StreamText.Of("short"));

        Assert.Equal("short", await StreamText.ReadAllAsync(_store, "room/S/manifest.json"));
    }

    [Fact]
    public async Task An_empty_stream_stores_an_empty_object()
    {
        await _store.PutAsync("room/S/empty.ogg", new PatternStream(0));

        Assert.Equal(0, (await _store.StatAsync("room/S/empty.ogg"))?.Size);
    }

    [Fact]
    public async Task Put_file_stores_the_bytes_of_the_local_file()
    {
        using var dir = new TempDirectory();
        var local = Path.Combine(dir.Path, "mix.ogg");
        await using (var file = File.Create(local))
        {
            await new PatternStream(100_000).CopyToAsync(file);
        }

        await _store.PutFileAsync("room/S/mix.ogg", local);

        Assert.Equal(PatternStream.Sha256Of(100_000), await StreamText.Sha256Async(_store, "room/S/mix.ogg"));
    }

    [Fact]
    public async Task Stat_reports_size_and_a_recent_modification_time()
    {
        await _store.PutAsync("room/S/a.ogg", new PatternStream(4_321));

        var info = await _store.StatAsync("room/S/a.ogg");

        Assert.NotNull(info);
        Assert.Equal(("room/S/a.ogg", 4_321L), (info.Key, info.Size));
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Stat_of_a_missing_object_returns_null()
    {
        Assert.Null(await _store.StatAsync("room/S/missing.ogg"));
    }

    [Fact]
    public async Task Opening_a_missing_object_throws_object_not_found()
    {
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => _store.OpenReadAsync("room/S/missing.ogg"));
    }

    [Fact]
    public async Task Listing_a_prefix_returns_the_matching_keys_relative_to_the_store_prefix_in_key_order()
    {
        foreach (var key in new[] { "room/S1/b.ogg", "room/S1/a.ogg", "room/S2/c.ogg", "room/S1/deep/d.ogg" })
        {
            await _store.PutAsync(key, StreamText.Of(key));
        }

        var listed = await _store.ListAsync("room/S1/");

        Assert.Equal(["room/S1/a.ogg", "room/S1/b.ogg", "room/S1/deep/d.ogg"], listed.Select(o => o.Key));
        Assert.Equal(["room/S1/a.ogg".Length, "room/S1/b.ogg".Length], listed.Take(2).Select(o => (int)o.Size));
    }

    [Fact]
    public async Task Copy_makes_an_identical_object_and_keeps_the_source()
    {
        await _store.PutAsync("staging/job-1/mix.ogg", new PatternStream(50_000));

        await _store.CopyAsync("staging/job-1/mix.ogg", "room/S/room_mix_room.ogg");

        Assert.Equal(PatternStream.Sha256Of(50_000), await StreamText.Sha256Async(_store, "room/S/room_mix_room.ogg"));
        Assert.NotNull(await _store.StatAsync("staging/job-1/mix.ogg"));
    }

    [Fact]
    public async Task Copy_over_an_existing_object_replaces_it()
    {
        await _store.PutAsync("room/S/room_mix_room.ogg", StreamText.Of("an older mix"));
        await _store.PutAsync("staging/job-2/mix.ogg", new PatternStream(30_000));

        await _store.CopyAsync("staging/job-2/mix.ogg", "room/S/room_mix_room.ogg");

        Assert.Equal(PatternStream.Sha256Of(30_000), await StreamText.Sha256Async(_store, "room/S/room_mix_room.ogg"));
    }

    [Fact]
    public async Task Copying_a_missing_object_throws_object_not_found()
    {
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => _store.CopyAsync("room/S/none.ogg", "room/S/copy.ogg"));
    }

    [Fact]
    public async Task Deleting_removes_the_object_and_deleting_again_is_not_an_error()
    {
        await _store.PutAsync("room/S/a.ogg", StreamText.Of("a"));

        await _store.DeleteAsync("room/S/a.ogg");
        await _store.DeleteAsync("room/S/a.ogg");

        Assert.Null(await _store.StatAsync("room/S/a.ogg"));
    }

    [Fact]
    public async Task The_store_prefix_is_prepended_to_every_key_in_the_bucket()
    {
        var unprefixed = await StoreAsync(null);

        await _store.PutAsync("room/S/a.ogg", StreamText.Of("a"));

        Assert.Equal([$"{Run}/room/S/a.ogg"], (await unprefixed.ListAsync(Run + "/")).Select(o => o.Key));
    }

    [Theory]
    [InlineData("../escape.ogg")]
    [InlineData("/room/a.ogg")]
    [InlineData("room/../../x")]
    [InlineData("room\\a.ogg")]
    [InlineData("room//a.ogg")]
    public async Task A_key_that_could_leave_the_prefix_is_rejected_before_any_request(string key)
    {
        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.PutAsync(key, StreamText.Of("x")));
    }

    [Fact]
    public void Describe_names_bucket_prefix_and_endpoint_and_no_credential()
    {
        Assert.Equal(ExpectedDescription, _store.Describe());
    }
}
