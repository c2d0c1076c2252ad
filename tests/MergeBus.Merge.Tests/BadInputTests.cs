using System.Text.Json.Nodes;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Every kind of bad input fails the job with a one-line reason recorded in the manifest, leaves no output and
/// touches no input.
/// </summary>
public class BadInputTests
{
    private static readonly string TestKey = EncryptedSessions.TestKey;

    [Fact]
    public async Task A_malformed_manifest_fails_with_its_reason_and_is_left_as_it_was()
    {
        using var session = await SessionFolder.CreateAsync();
        File.WriteAllText(session.ManifestPath, "{\"room_name\": \"r\", \"participants\": [");
        var before = session.Snapshot();

        var result = await session.MergeAsync();

        Assert.False(result.Outcome.Succeeded);
        Assert.Contains("not valid JSON", result.Outcome.Reason);
        Assert.Equal(before, session.Snapshot());
        Assert.Empty(session.MixOutputs());
    }

    [Fact]
    public async Task A_manifest_with_no_participants_fails_and_says_so_in_the_manifest()
    {
        using var session = await SessionFolder.CreateAsync();
        var manifest = session.ReadManifest();
        manifest["participants"] = new JsonArray();
        session.WriteManifest(manifest);

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, "no participants");
    }

    [Fact]
    public async Task A_missing_input_file_fails_the_job()
    {
        using var session = await SessionFolder.CreateAsync();
        File.Delete(session.InputPath(1));

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, "missing");
    }

    [Fact]
    public async Task An_input_whose_sha256_does_not_match_fails_the_job()
    {
        using var session = await SessionFolder.CreateAsync();
        var manifest = session.ReadManifest();
        session.Artifact(manifest, 0)["sha256"] = new string('0', 64);
        session.WriteManifest(manifest);

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, "sha256 mismatch");
    }

    [Fact]
    public async Task A_storage_uri_that_escapes_the_session_folder_fails_the_job()
    {
        using var session = await SessionFolder.CreateAsync();
        var manifest = session.ReadManifest();
        session.Artifact(manifest, 0)["storage_uri"] = "../../etc/passwd";
        session.WriteManifest(manifest);

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, "escapes");
    }

    [Fact]
    public async Task A_corrupt_ogg_file_fails_the_job()
    {
        using var session = await SessionFolder.CreateAsync();
        var bytes = File.ReadAllBytes(session.InputPath(0));
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 400; i++) bytes[i] ^= 0x5A;
        session.ReplaceInput(0, bytes);

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, session.Session.Participants[0].FileName);
    }

    [Fact]
    public async Task A_damaged_ogg_file_the_manifest_does_not_list_fails_as_a_sha256_mismatch_not_as_unreadable_audio()
    {
        using var session = await SessionFolder.CreateAsync();
        var bytes = File.ReadAllBytes(session.InputPath(0));
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 400; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(session.InputPath(0), bytes); // Same size, the manifest's sha256 left as it was.

        var result = await session.MergeAsync();

        AssertFailedCleanly(session, result, "sha256 mismatch");
    }

    [Fact]
    public async Task An_encrypted_file_the_manifest_does_not_list_fails_as_a_sha256_mismatch_not_as_a_decryption_error()
    {
        using var session = await EncryptedSessions.CreateAsync();
        File.WriteAllBytes(session.InputPath(0), EncryptedSessions.SwapFirstTwoChunks(File.ReadAllBytes(session.InputPath(0))));

        var result = await session.MergeAsync(masterKey: TestKey);

        AssertFailedCleanly(session, result, "sha256 mismatch");
    }

    [Fact]
    public async Task An_encrypted_session_opened_with_the_wrong_master_key_fails_the_job()
    {
        using var session = await EncryptedSessions.CreateAsync();
        var wrongKey = Convert.ToBase64String(new byte[32]);

        var result = await session.MergeAsync(masterKey: wrongKey);

        AssertFailedCleanly(session, result, "wrong master key");
        Assert.DoesNotContain(wrongKey, File.ReadAllText(session.ManifestPath));
    }

    [Fact]
    public async Task An_encrypted_file_with_reordered_chunks_fails_the_job()
    {
        using var session = await EncryptedSessions.CreateAsync();
        session.ReplaceInput(0, EncryptedSessions.SwapFirstTwoChunks(File.ReadAllBytes(session.InputPath(0))));

        var result = await session.MergeAsync(masterKey: TestKey);

        AssertFailedCleanly(session, result, "out of order");
    }

    [Fact]
    public async Task A_participant_joining_seventy_years_late_fails_against_the_session_length_limit()
    {
        using var session = await SessionFolder.CreateAsync();
        var manifest = session.ReadManifest();
        var joined = manifest["participants"]![1]!["joined_at"]!.GetValue<long>();
        manifest["participants"]![1]!["joined_at"] = joined + 70L * 365 * 24 * 3600 * 1_000_000_000;
        session.WriteManifest(manifest);

        var result = await session.MergeAsync(maxSession: TimeSpan.FromHours(12));

        AssertFailedCleanly(session, result, "maximum session length");
    }

    private static void AssertFailedCleanly(SessionFolder session, Cli.Local.LocalMergeResult result, string reason)
    {
        var inputsBefore = session.Snapshot().Where(f => f.Key != "manifest.json");
        Assert.False(result.Outcome.Succeeded);
        Assert.Contains(reason, result.Outcome.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', result.Outcome.Reason!);
        Assert.Equal("failed", result.Status.Status);
        var roomMix = session.ReadManifest()["room_mix"]!;
        Assert.Equal("failed", roomMix["status"]!.GetValue<string>());
        Assert.Contains(reason, roomMix["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(session.MixOutputs());
        Assert.Equal(inputsBefore, session.Snapshot().Where(f => f.Key != "manifest.json"));
    }
}
