using MergeBus.Storage.Tests.Support;

namespace MergeBus.Storage.Tests;

public sealed class CountingObjectStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CountingObjectStorage _counting;

    public CountingObjectStorageTests() => _counting = new CountingObjectStorage(new LocalObjectStorage(_dir.Path));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reading_an_object_adds_its_size_to_bytes_downloaded()
    {
        await _counting.Inner.PutAsync("a.bin", new PatternStream(10_000));

        await StreamText.Sha256Async(_counting, "a.bin");

        Assert.Equal((10_000L, 0L), (_counting.BytesDownloaded, _counting.BytesUploaded));
    }

    [Fact]
    public async Task Parallel_reads_are_all_counted()
    {
        await _counting.Inner.PutAsync("a.bin", new PatternStream(10_000));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => StreamText.Sha256Async(_counting, "a.bin"))));

        Assert.Equal(80_000, _counting.BytesDownloaded);
    }

    [Fact]
    public async Task A_successful_put_adds_the_stream_length_to_bytes_uploaded()
    {
        await _counting.PutAsync("a.bin", new PatternStream(12_345));

        Assert.Equal((12_345L, 0L), (_counting.BytesUploaded, _counting.BytesDownloaded));
    }

    [Fact]
    public async Task A_failed_put_adds_nothing_to_bytes_uploaded()
    {
        await Assert.ThrowsAsync<IOException>(() => _counting.PutAsync("a.bin", new PatternStream(100_000, failAfter: 60_000)));

        Assert.Equal(0, _counting.BytesUploaded);
    }

    [Fact]
    public async Task Put_file_adds_the_file_length_to_bytes_uploaded()
    {
        var local = Path.Combine(_dir.Path, "local.bin");
        await File.WriteAllBytesAsync(local, new byte[7_777]);

        await _counting.PutFileAsync("uploaded.bin", local);

        Assert.Equal(7_777, _counting.BytesUploaded);
    }

    [Fact]
    public async Task A_copy_inside_the_store_moves_no_bytes_through_this_process()
    {
        await _counting.Inner.PutAsync("a.bin", new PatternStream(5_000));

        await _counting.CopyAsync("a.bin", "b.bin");

        Assert.Equal((0L, 0L), (_counting.BytesDownloaded, _counting.BytesUploaded));
    }

    [Fact]
    public void Describe_is_the_inner_store_description()
    {
        Assert.Equal(_counting.Inner.Describe(), _counting.Describe());
    }
}
