using MergeBus.Cli.Startup;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Issue 22: `mergebus merge` keeps a multicore JIT profile of its run, so that the next merge compiles on the second
/// core what it will need. The profile only ever speeds a run up: a missing or broken one changes nothing else.
/// </summary>
public sealed class JitProfileTests : IDisposable
{
    private readonly string profiles = Directory.CreateTempSubdirectory("mergebus-jit-profiles-").FullName;
    private string MergeProfile => Path.Combine(profiles, "merge" + JitProfile.FileExtension);

    [Fact]
    public async Task A_merge_leaves_a_profile_of_its_run_in_the_profile_folder()
    {
        using var session = await SessionFolder.CreateAsync();

        var (exitCode, _, stderr) = await MergeAsync(session);

        Assert.True(exitCode == 0, stderr);
        Assert.True(new FileInfo(MergeProfile) is { Exists: true, Length: > 0 }, $"no profile at {MergeProfile}");
    }

    [Fact]
    public async Task A_corrupt_profile_does_not_change_the_merge_and_is_replaced_by_a_good_one()
    {
        using var session = await SessionFolder.CreateAsync();
        var garbage = new byte[4096];
        new Random(22).NextBytes(garbage);
        File.WriteAllBytes(MergeProfile, garbage);

        var (exitCode, stdout, stderr) = await MergeAsync(session);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("manifest updated", stdout);
        Assert.Equal("completed", (string)session.ReadManifest()["room_mix"]!["status"]!);
        Assert.NotEqual(garbage, File.ReadAllBytes(MergeProfile));
    }

    [Fact]
    public async Task A_merge_replaying_the_profile_of_an_earlier_merge_publishes_the_same_artifacts()
    {
        using var session = await SessionFolder.CreateAsync();
        Assert.Equal(0, (await MergeAsync(session)).ExitCode);
        var first = Artifacts(session);
        Assert.True(File.Exists(MergeProfile));

        var (exitCode, _, stderr) = await MergeAsync(session);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(first, Artifacts(session));
    }

    [Fact]
    public async Task A_profile_folder_that_does_not_exist_only_means_no_profile()
    {
        using var session = await SessionFolder.CreateAsync();
        var missing = Path.Combine(profiles, "missing");

        var (exitCode, _, stderr) = await CliProcess.RunAsync(["merge", session.ManifestPath],
            new Dictionary<string, string?> { [JitProfile.DirectoryVariable] = missing });

        Assert.True(exitCode == 0, stderr);
        Assert.False(Directory.Exists(missing));
    }

    /// <summary>Each published artifact's format, duration and size, as the manifest records them.</summary>
    private static IReadOnlyList<string> Artifacts(SessionFolder session) =>
        session.ReadManifest()["room_mix"]!["artifacts"]!.AsArray()
            .Select(a => $"{a!["format"]} {a["duration_ms"]} {a["size"]}").ToList();

    public void Dispose() => Directory.Delete(profiles, recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> MergeAsync(SessionFolder session) =>
        CliProcess.RunAsync(["merge", session.ManifestPath], new Dictionary<string, string?> { [JitProfile.DirectoryVariable] = profiles });
}
