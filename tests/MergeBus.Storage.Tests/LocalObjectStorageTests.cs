using MergeBus.Storage.Tests.Support;

namespace MergeBus.Storage.Tests;

public sealed class LocalObjectStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LocalObjectStorage _store;

    public LocalObjectStorageTests() => _store = new LocalObjectStorage(Path.Combine(_dir.Path, "root"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_object_put_under_a_nested_key_reads_back_with_the_same_content()
    {
        await _store.PutAsync("room/SESSION/manifest.json", StreamText.Of("{\"a\":1}"));

        Assert.Equal("{\"a\":1}", await StreamText.ReadAllAsync(_store, "room/SESSION/manifest.json"));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_the_previous_content_and_no_temp_file()
    {
        await _store.PutAsync("room/a.ogg", StreamText.Of("old"));

        await Assert.ThrowsAsync<IOException>(
            () => _store.PutAsync("room/a.ogg", new PatternStream(1_000_000, failAfter: 200_000)));

        Assert.Equal("old", await StreamText.ReadAllAsync(_store, "room/a.ogg"));
        Assert.Equal(["root/room/a.ogg"], _dir.AllFiles());
    }

    [Fact]
    public async Task A_cancelled_write_of_a_new_key_leaves_no_file_at_all()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.PutAsync("room/new.ogg", new PatternStream(1_000_000), cancel.Token));

        Assert.Null(await _store.StatAsync("room/new.ogg"));
        Assert.Empty(_dir.AllFiles());
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("room/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("room\\..\\..\\outside.txt")]
    [InlineData("room/a\0.ogg")]
    [InlineData("room//a.ogg")]
    [InlineData("./a.ogg")]
    [InlineData("room/")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_key_that_could_leave_the_root_is_rejected_on_write(string key)
    {
        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.PutAsync(key, StreamText.Of("x")));

        Assert.Empty(_dir.AllFiles());
    }

    [Fact]
    public async Task Reading_a_file_beside_the_root_through_dot_dot_is_rejected()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "secret.txt"), "secret");

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.OpenReadAsync("../secret.txt"));
    }

    [Fact]
    public async Task Writing_through_a_symlink_that_points_outside_the_root_is_rejected()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_dir.Path, "outside")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_store.RootDirectory, "escape"), outside);

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.PutAsync("escape/a.txt", StreamText.Of("x")));

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task Listing_a_prefix_returns_every_object_below_it_recursively_in_key_order()
    {
        foreach (var key in new[] { "room/S1/b.ogg", "room/S1/deep/c.ogg", "room/S1/a.ogg", "room/S2/x.ogg", "other.txt" })
        {
            await _store.PutAsync(key, StreamText.Of(key));
        }

        var listed = await _store.ListAsync("room/S1/");

        Assert.Equal(["room/S1/a.ogg", "room/S1/b.ogg", "room/S1/deep/c.ogg"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task A_prefix_matches_partial_path_segments_like_s3()
    {
        await _store.PutAsync("room/SESSION_1/a.ogg", StreamText.Of("a"));
        await _store.PutAsync("room/OTHER/b.ogg", StreamText.Of("b"));

        var listed = await _store.ListAsync("room/SES");

        Assert.Equal(["room/SESSION_1/a.ogg"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task Listing_skips_temp_files_left_by_interrupted_writes()
    {
        await _store.PutAsync("room/a.ogg", StreamText.Of("a"));
        await File.WriteAllTextAsync(Path.Combine(_store.RootDirectory, "room", $".b.ogg.{Guid.NewGuid():N}.tmp"), "partial");

        var listed = await _store.ListAsync("");

        Assert.Equal(["room/a.ogg"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task Opening_a_missing_key_throws_object_not_found()
    {
        var error = await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => _store.OpenReadAsync("room/missing.ogg"));

        Assert.Contains("room/missing.ogg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_reports_the_size_of_an_existing_object_and_null_for_a_missing_one()
    {
        await _store.PutAsync("a.bin", new PatternStream(12_345));

        Assert.Equal(12_345, (await _store.StatAsync("a.bin"))?.Size);
        Assert.Null(await _store.StatAsync("b.bin"));
    }

    [Fact]
    public async Task Copy_creates_an_identical_object_and_keeps_the_source()
    {
        await _store.PutAsync("staging/job/mix.ogg", new PatternStream(300_000));

        await _store.CopyAsync("staging/job/mix.ogg", "room/S/room_mix.ogg");

        Assert.Equal(PatternStream.Sha256Of(300_000), await StreamText.Sha256Async(_store, "room/S/room_mix.ogg"));
        Assert.NotNull(await _store.StatAsync("staging/job/mix.ogg"));
    }

    [Fact]
    public async Task Copying_a_missing_source_throws_object_not_found_and_creates_nothing()
    {
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => _store.CopyAsync("missing.ogg", "copy.ogg"));

        Assert.Empty(_dir.AllFiles());
    }

    [Fact]
    public async Task Deleting_removes_the_object_and_deleting_again_is_not_an_error()
    {
        await _store.PutAsync("room/a.ogg", StreamText.Of("a"));

        await _store.DeleteAsync("room/a.ogg");
        await _store.DeleteAsync("room/a.ogg");

        Assert.Null(await _store.StatAsync("room/a.ogg"));
    }

    [Fact]
    public async Task Put_file_stores_the_bytes_of_the_local_file()
    {
        var local = Path.Combine(_dir.Path, "upload.bin");
        await using (var file = File.Create(local))
        {
            await new PatternStream(70_000).CopyToAsync(file);
        }

        await _store.PutFileAsync("room/upload.bin", local);

        Assert.Equal(PatternStream.Sha256Of(70_000), await StreamText.Sha256Async(_store, "room/upload.bin"));
    }

    [Fact]
    public void Describe_gives_a_file_uri_of_the_root()
    {
        Assert.Equal(new Uri(_store.RootDirectory + "/").AbsoluteUri, _store.Describe());
        Assert.StartsWith("file:///", _store.Describe(), StringComparison.Ordinal);
    }
}
