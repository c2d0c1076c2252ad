using System.Text.Json.Nodes;

namespace MergeBus.Merge.Tests;

/// <summary>`mergebus merge` as a user runs it: a process, its exit code, stdout and stderr.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task A_successful_merge_exits_zero_and_prints_the_job_record_as_json()
    {
        using var session = await SessionFolder.CreateAsync();

        var (exitCode, stdout, _) = await RunAsync("merge", session.ManifestPath, "--json", "--format", "ogg_opus,wav_pcm");

        Assert.Equal(0, exitCode);
        var record = JsonNode.Parse(stdout)!;
        Assert.Equal("completed", (string)record["status"]!);
        Assert.Equal(["ogg_opus", "wav_pcm", "speech_json"], record["room_mix"]!.AsArray().Select(a => (string)a!["format"]!));
        Assert.True((long)record["bytes_moved"]!["downloaded"]! > 0);
        Assert.Null(record["encryption"]?["master_key"]);
    }

    [Fact]
    public async Task With_loudness_speech_the_job_record_lists_each_participants_measured_loudness_and_gain()
    {
        using var session = await SessionFolder.CreateAsync();

        var (exitCode, stdout, _) = await RunAsync("merge", session.ManifestPath, "--json", "--loudness", "speech");

        Assert.Equal(0, exitCode);
        var loudness = JsonNode.Parse(stdout)!["loudness"]!;
        Assert.Equal("speech", (string)loudness["mode"]!);
        var participants = loudness["participants"]!.AsArray();
        Assert.Equal(session.Session.Participants.Count, participants.Count);
        Assert.All(participants, p => Assert.InRange((double)p!["speech_lufs"]! + (double)p["gain_db"]!, -18.05, -17.95));
    }

    [Fact]
    public async Task A_failed_merge_exits_non_zero_with_one_line_on_stderr()
    {
        using var session = await SessionFolder.CreateAsync();
        var manifest = session.ReadManifest();
        session.Artifact(manifest, 1)["sha256"] = new string('f', 64);
        session.WriteManifest(manifest);

        var (exitCode, _, stderr) = await RunAsync("merge", session.ManifestPath);

        Assert.Equal(1, exitCode);
        var reason = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("merge failed:", StringComparison.Ordinal));
        Assert.Contains("sha256 mismatch", reason);
    }

    [Theory]
    [InlineData("--format", "aac")]
    [InlineData("--layout", "surround")]
    [InlineData("--loudness", "loud")]
    [InlineData("--format")]
    public async Task A_usage_error_exits_2_with_the_usage_line_before_anything_is_read_or_written(params string[] options)
    {
        using var session = await SessionFolder.CreateAsync();
        await MergeOnceAsync(session);
        var before = session.Snapshot();

        var (exitCode, stdout, stderr) = await RunAsync(["merge", session.ManifestPath, .. options]);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: mergebus merge MANIFEST", stderr);
        Assert.Equal("", stdout.Trim());
        Assert.Equal(before, session.Snapshot());
    }

    [Fact]
    public async Task A_failed_re_merge_keeps_the_earlier_mix_and_records_the_failure_beside_it()
    {
        using var session = await SessionFolder.CreateAsync();
        await MergeOnceAsync(session);
        var goodMix = session.ReadManifest()["room_mix"]!.DeepClone();
        var outputs = session.MixOutputs();
        var manifest = session.ReadManifest();
        session.Artifact(manifest, 0)["sha256"] = new string('e', 64);
        session.WriteManifest(manifest);

        var (exitCode, _, stderr) = await RunAsync("merge", session.ManifestPath);

        Assert.Equal(1, exitCode);
        Assert.Contains("sha256 mismatch", stderr);
        var roomMix = session.ReadManifest()["room_mix"]!.AsObject();
        Assert.Equal("completed", (string)roomMix["status"]!);
        Assert.True(JsonNode.DeepEquals(goodMix["artifacts"], roomMix["artifacts"]));
        Assert.Equal(outputs, session.MixOutputs());
        var last = roomMix["last_attempt"]!.AsObject();
        Assert.Equal("failed", (string)last["status"]!);
        Assert.Contains("sha256 mismatch", (string)last["error"]!);
        Assert.True((long)last["at"]! > 0);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync(arguments);

    /// <summary>The good merge a test starts from; when it fails, the CLI's own reason is the message.</summary>
    private static async Task MergeOnceAsync(SessionFolder session)
    {
        var (exitCode, _, stderr) = await RunAsync("merge", session.ManifestPath);
        Assert.True(exitCode == 0, $"the first merge exited {exitCode}: {stderr}");
    }
}
