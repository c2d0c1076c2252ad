using System.Diagnostics;
using MergeBus.Cli.Local;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Issue 19, defect 4: the decrypted audio of an encrypted merge is readable by its user only (folders 0700, files
/// 0600, so from their creation), and a merge killed with SIGKILL leaves nothing that the next merge keeps.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CrashedMergeTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;

    private readonly string temp = Directory.CreateTempSubdirectory("mergebus-crash-tmp-").FullName;

    [Fact]
    public async Task The_decrypted_inputs_of_an_encrypted_merge_are_private_files_in_private_folders()
    {
        using var session = await EncryptedSessions.CreateAsync(durationSeconds: 120);

        var seen = await KillOnceDecryptedAudioIsOnDiskAsync(session);

        Assert.NotEmpty(seen.Files);
        Assert.All(seen.Files, f => Assert.Equal(Private, f.Mode));
        Assert.All(seen.Folders, f => Assert.True(f.Mode == PrivateFolder, $"{f.Path} is {f.Mode}"));
    }

    [Fact]
    public async Task The_next_merge_removes_the_run_folder_of_a_merge_killed_mid_run()
    {
        using var session = await EncryptedSessions.CreateAsync(durationSeconds: 120);
        var seen = await KillOnceDecryptedAudioIsOnDiskAsync(session);
        Assert.True(Directory.Exists(seen.RunFolder));

        using var next = await SessionFolder.CreateAsync();
        var exitCode = await RunToEndAsync(next.ManifestPath);

        Assert.Equal(0, exitCode);
        Assert.False(Directory.Exists(seen.RunFolder));
        Assert.Empty(Directory.EnumerateDirectories(temp, LocalMergeRunner.RunFolderPrefix + "*"));
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private sealed record Entry(string Path, UnixFileMode Mode);

    private sealed record Seen(string RunFolder, IReadOnlyList<Entry> Files, IReadOnlyList<Entry> Folders);

    /// <summary>
    /// Starts `mergebus merge` on the session, watches its run folder until a decrypted input or a partial audio mix is
    /// on disk, notes the modes of those files and of every folder from the run folder down, and kills it (SIGKILL).
    /// </summary>
    private async Task<Seen> KillOnceDecryptedAudioIsOnDiskAsync(SessionFolder session)
    {
        using var process = Start(session.ManifestPath, EncryptedSessions.TestKey);
        var clock = Stopwatch.StartNew();
        Seen? seen = null;
        while (seen is null && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            seen = Look();
            if (seen is null) await Task.Delay(2);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return seen ?? throw new Xunit.Sdk.XunitException("no decrypted input or partial mix was seen on disk before the merge ended");
    }

    private Seen? Look()
    {
        try
        {
            var run = Directory.EnumerateDirectories(temp, LocalMergeRunner.RunFolderPrefix + "*").SingleOrDefault();
            if (run is null) return null;
            var files = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".input", StringComparison.Ordinal)
                            || (f.Contains(".partial-", StringComparison.Ordinal) && !f.Contains(".json.partial-", StringComparison.Ordinal)))
                .Select(f => new Entry(f, File.GetUnixFileMode(f)))
                .ToList();
            if (files.Count == 0) return null;
            var folders = Directory.EnumerateDirectories(run, "*", SearchOption.AllDirectories).Prepend(run)
                .Select(d => new Entry(d, File.GetUnixFileMode(d)))
                .ToList();
            return new Seen(run, files, folders);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a file went away while we looked: look again
        }
    }

    private async Task<int> RunToEndAsync(string manifestPath)
    {
        using var process = Start(manifestPath, null);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        return process.ExitCode;
    }

    private Process Start(string manifestPath, string? masterKey)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mergebus.dll"));
        start.ArgumentList.Add("merge");
        start.ArgumentList.Add(manifestPath);
        start.Environment["MERGE_TMP_DIR"] = temp;
        start.Environment["MERGEBUS_MASTER_KEY"] = masterKey ?? "";
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the merge.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
