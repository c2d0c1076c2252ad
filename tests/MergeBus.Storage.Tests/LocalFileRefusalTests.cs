using System.Diagnostics;
using MergeBus.Storage.Tests.Support;

namespace MergeBus.Storage.Tests;

/// <summary>
/// Issue 19, defects 1 and 7: the local store reads only regular files inside its root, judged on the opened file
/// (after the kernel followed every link), never blocks opening one, and reports the size of what it opened.
/// </summary>
public sealed class LocalFileRefusalTests : IDisposable
{
    // Guards against a hang (the defect); no timing is asserted.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new();
    private readonly LocalObjectStorage _store;

    public LocalFileRefusalTests()
    {
        _store = new LocalObjectStorage(Root);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "elsewhere", "sub"));
        File.WriteAllText(Path.Combine(_dir.Path, "elsewhere", "secret.ogg"), "secret outside the root");
    }

    private string Root => Path.Combine(_dir.Path, "root");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_link_whose_dot_dot_climbs_out_through_another_link_is_refused_on_read()
    {
        // Read as text, y/../secret.ogg is root/secret.ogg; the kernel follows y first and lands outside.
        File.CreateSymbolicLink(Path.Combine(Root, "y"), Path.Combine(_dir.Path, "elsewhere", "sub"));
        File.CreateSymbolicLink(Path.Combine(Root, "x.ogg"), "y/../secret.ogg");
        File.WriteAllText(Path.Combine(Root, "secret.ogg"), "the decoy inside the root");

        var refused = await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.OpenReadAsync("x.ogg"));

        Assert.Contains("leaves the storage root", refused.Message);
    }

    [Fact]
    public async Task A_link_whose_dot_dot_climbs_out_through_another_link_is_refused_on_stat()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "y"), Path.Combine(_dir.Path, "elsewhere", "sub"));
        File.CreateSymbolicLink(Path.Combine(Root, "x.ogg"), "y/../secret.ogg");

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.StatAsync("x.ogg"));
    }

    [Fact]
    public async Task A_write_through_a_folder_link_whose_dot_dot_climbs_out_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(Root, "room"));
        File.CreateSymbolicLink(Path.Combine(Root, "y"), Path.Combine(_dir.Path, "elsewhere", "sub"));
        File.CreateSymbolicLink(Path.Combine(Root, "out"), "y/..");

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => _store.PutAsync("out/mix.ogg", StreamText.Of("mix")));

        Assert.False(File.Exists(Path.Combine(_dir.Path, "elsewhere", "mix.ogg")));
    }

    [Fact]
    public async Task Stat_gives_the_size_of_the_file_a_link_inside_the_root_points_to_not_the_links_own()
    {
        await _store.PutAsync("room/real.ogg", StreamText.Of(new string('a', 5000)));
        File.CreateSymbolicLink(Path.Combine(Root, "room", "alias.ogg"), "real.ogg");

        var info = await _store.StatAsync("room/alias.ogg");

        Assert.Equal(5000, info!.Size);
    }

    [Fact]
    public async Task A_named_pipe_is_refused_at_once_instead_of_blocking_the_open()
    {
        var fifo = Path.Combine(Root, "pipe.ogg");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        Assert.True(File.Exists(fifo) || Path.Exists(fifo));

        var refused = await Assert.ThrowsAsync<StorageKeyRejectedException>(() => Task.Run(() => _store.OpenReadAsync("pipe.ogg")).WaitAsync(HangGuard));

        Assert.Contains("not a regular file", refused.Message);
    }

    [Fact]
    public async Task A_named_pipe_is_refused_on_stat_too()
    {
        var fifo = Path.Combine(Root, "pipe.ogg");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => Task.Run(() => _store.StatAsync("pipe.ogg")).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_link_to_a_device_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "zero.ogg"), "/dev/zero");

        await Assert.ThrowsAsync<StorageKeyRejectedException>(() => Task.Run(() => _store.OpenReadAsync("zero.ogg")).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_folder_is_not_an_object()
    {
        Directory.CreateDirectory(Path.Combine(Root, "room", "folder.ogg"));

        Assert.Null(await _store.StatAsync("room/folder.ogg"));
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => _store.OpenReadAsync("room/folder.ogg"));
    }
}
