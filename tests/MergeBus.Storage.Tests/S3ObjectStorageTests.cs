using MergeBus.Storage.Tests.Support;
using MergeBus.Testing.Servers;

namespace MergeBus.Storage.Tests;

[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStorageTests(S3rverServer s3) : IAsyncLifetime
{
    private const string Bucket = "recordings";

    // A fresh prefix per test keeps tests independent on the shared server.
    private readonly string _run = $"t-{Guid.NewGuid():N}";
    private S3ObjectStorage _store = null!;

    public async Task InitializeAsync() => _store = await s3.CreateStorageAsync(Bucket, _run);

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
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
        const long size = 20L * 1024 * 1024 + 123; // more than one 16 MiB part, so a multipart upload

        await _store.PutAsync("room/S/big.ogg", new PatternStream(size));

        Assert.Equal(PatternStream.Sha256Of(size), await StreamText.Sha256Async(_store, "room/S/big.ogg"));
    }

    [Fact]
    public async Task A_multipart_upload_whose_source_fails_leaves_the_previous_object_in_place()
    {
        await _store.PutAsync("room/S/mix.ogg", StreamText.Of("previous"));

        // Fails after the first 16 MiB part went up, so the multipart upload has started.
        var error = await Assert.ThrowsAsync<IOException>(
            () => _store.PutAsync("room/S/mix.ogg", new PatternStream(40_000_000, failAfter: 20_000_000)));

        Assert.Equal("source failed on purpose", error.Message);
        Assert.Equal("previous", await StreamText.ReadAllAsync(_store, "room/S/mix.ogg"));
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
    public async Task Listing_a_prefix_returns_the_matching_keys_relative_to_the_store_prefix()
    {
        foreach (var key in new[] { "room/S1/b.ogg", "room/S1/a.ogg", "room/S2/c.ogg" })
        {
            await _store.PutAsync(key, StreamText.Of(key));
        }

        var listed = await _store.ListAsync("room/S1/");

        Assert.Equal(["room/S1/a.ogg", "room/S1/b.ogg"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task Copy_makes_an_identical_object_on_the_server_and_keeps_the_source()
    {
        await _store.PutAsync("staging/job-1/mix.ogg", new PatternStream(50_000));

        await _store.CopyAsync("staging/job-1/mix.ogg", "room/S/room_mix_room.ogg");

        Assert.Equal(PatternStream.Sha256Of(50_000), await StreamText.Sha256Async(_store, "room/S/room_mix_room.ogg"));
        Assert.NotNull(await _store.StatAsync("staging/job-1/mix.ogg"));
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
        using var unprefixed = await s3.CreateStorageAsync(Bucket);

        await _store.PutAsync("room/S/a.ogg", StreamText.Of("a"));

        Assert.Equal([$"{_run}/room/S/a.ogg"], (await unprefixed.ListAsync(_run + "/")).Select(o => o.Key));
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
    public void Describe_names_bucket_prefix_and_endpoint()
    {
        Assert.Equal($"s3://{Bucket}/{_run} at {s3.Endpoint}/", _store.Describe());
    }
}
