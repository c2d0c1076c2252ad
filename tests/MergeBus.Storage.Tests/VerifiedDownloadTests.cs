using System.Diagnostics;
using System.Security.Cryptography;
using MergeBus.Protocol;
using MergeBus.Storage.Tests.Support;
using MergeBus.Storage.Transfers;

namespace MergeBus.Storage.Tests;

/// <summary>Issue 19, defect 7: the manifest's size is always checked, and a file that is not a file fails the job.</summary>
public sealed class VerifiedDownloadTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new();
    private readonly LocalObjectStorage _store;

    public VerifiedDownloadTests() => _store = new LocalObjectStorage(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_stated_size_of_zero_means_an_empty_file_and_a_larger_one_fails_as_a_size_mismatch()
    {
        var bytes = new byte[1000];
        await _store.PutAsync("room/a.ogg", new MemoryStream(bytes));
        var expected = new ExpectedObject("room/a.ogg", 0, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var failed = await Assert.ThrowsAsync<PermanentMergeException>(() => ReadAllAsync(expected));

        Assert.Contains("input size mismatch for room/a.ogg: manifest says 0 bytes, storage has 1000", failed.Message);
    }

    [Fact]
    public async Task An_empty_file_stated_as_empty_reads_as_empty()
    {
        await _store.PutAsync("room/empty.ogg", new MemoryStream());
        var expected = new ExpectedObject("room/empty.ogg", 0, Convert.ToHexStringLower(SHA256.HashData([])));

        Assert.Equal(0, await ReadAllAsync(expected));
    }

    [Fact]
    public async Task A_named_pipe_stated_as_empty_fails_the_job_as_not_a_regular_file_without_hanging()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "room"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_dir.Path, "room", "pipe.ogg")])) await mkfifo.WaitForExitAsync();
        var expected = new ExpectedObject("room/pipe.ogg", 0, Convert.ToHexStringLower(SHA256.HashData([])));

        var failed = await Assert.ThrowsAsync<PermanentMergeException>(() => Task.Run(() => ReadAllAsync(expected)).WaitAsync(HangGuard));

        Assert.Contains("not a regular file", failed.Message);
    }

    [Fact]
    public async Task The_hashing_stream_reads_no_more_than_its_cap_from_an_endless_source()
    {
        await using var hashing = new HashingReadStream(new PatternStream(long.MaxValue), maxBytes: 10_000);

        var total = 0L;
        var buffer = new byte[4096];
        int read;
        while ((read = await hashing.ReadAsync(buffer)) > 0) total += read;

        Assert.Equal(10_000, total);
    }

    private Task<long> ReadAllAsync(ExpectedObject expected) =>
        VerifiedDownload.ReadAsync(_store, expected, null, async (plain, token) =>
        {
            var buffer = new byte[4096];
            long total = 0;
            int read;
            while ((read = await plain.ReadAsync(buffer, token)) > 0) total += read;
            return total;
        }, CancellationToken.None);
}
