using System.Diagnostics;
using MergeBus.Mixer.Components;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Storage.WorkFolders;
using MergeBus.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MergeBus.Mixer.Tests;

/// <summary>Defect 7: a Mixer killed mid-mix must not leave (decrypted) inputs behind for good.</summary>
public sealed class WorkFolderTests : IDisposable
{
    private readonly TempFolder folder = new("workfolders");

    [Fact]
    public async Task A_starting_mixer_removes_the_work_folder_of_a_mixer_process_that_was_killed_mid_mix()
    {
        var worker = new WorkerSettings { TempDirectory = folder.File("tmp") };
        var root = TrackMixer.MixWorkRoot(worker);
        var leftover = await KilledProcessWorkFolderAsync(root);
        Assert.True(File.Exists(Path.Combine(leftover, "in", "000.input")));

        var janitor = new MixWorkFolderJanitor(worker, NullLogger<MixWorkFolderJanitor>.Instance);
        await janitor.StartAsync(CancellationToken.None);
        await WaitUntil(() => !Directory.Exists(leftover));
        await janitor.StopAsync(CancellationToken.None);

        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public async Task The_janitor_leaves_the_work_folder_of_a_running_mix_alone()
    {
        var worker = new WorkerSettings { TempDirectory = folder.File("tmp") };
        var root = TrackMixer.MixWorkRoot(worker);
        using var live = WorkFolder.Create(root);
        await File.WriteAllTextAsync(Path.Combine(live.Path, "input"), "plaintext");
        Directory.SetCreationTimeUtc(live.Path, DateTime.UtcNow.AddHours(-1));
        var orphan = await KilledProcessWorkFolderAsync(root);

        var removed = new MixWorkFolderJanitor(worker, NullLogger<MixWorkFolderJanitor>.Instance).Sweep();

        Assert.Equal(1, removed);
        Assert.True(File.Exists(Path.Combine(live.Path, "input")));
        Assert.False(Directory.Exists(orphan));
    }

    [Fact]
    public async Task A_stopping_janitor_ends_its_wait_without_an_exception()
    {
        // A canceled timer wait fails with an exception whose stack trace .NET reads symbol files for: every host's
        // stop paid for it (issue 22). Only exceptions thrown on the janitor's own path count: tests run in parallel.
        var thrown = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        void Record(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (new StackTrace().ToString().Contains(nameof(Steps.WorkFolderSweeper), StringComparison.Ordinal)) thrown.Add(e.Exception);
        }

        var janitor = new MixWorkFolderJanitor(new WorkerSettings { TempDirectory = folder.File("tmp") }, NullLogger<MixWorkFolderJanitor>.Instance);
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            await janitor.StartAsync(CancellationToken.None);
            await Task.Delay(50);
            await janitor.StopAsync(CancellationToken.None);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        Assert.True(janitor.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(thrown);
    }

    public void Dispose() => folder.Dispose();

    private static Task<string> KilledProcessWorkFolderAsync(string root) =>
        KilledWorkFolder.CreateAsync(root, Path.Combine("in", "000.input"), "decrypted audio");

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
    }
}
