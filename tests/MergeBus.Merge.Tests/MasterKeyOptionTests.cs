using System.Text.Json.Nodes;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Merge.Tests;

/// <summary>How `mergebus merge` takes an encrypted session's master key without showing it in ps.</summary>
public class MasterKeyOptionTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task A_master_key_file_opens_an_encrypted_session_and_no_warning_is_printed()
    {
        using var session = await EncryptedSessionAsync();
        var keyFile = Path.Combine(session.Directory, "..", Path.GetFileName(session.Directory) + ".key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(Key) + "\n");
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync("merge", session.ManifestPath, "--json", "--master-key-file", keyFile);

            Assert.Equal(0, exitCode);
            Assert.Equal("completed", (string?)JsonNode.Parse(stdout)!["status"]);
            Assert.DoesNotContain("warning", stderr);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task The_master_key_flag_still_works_and_warns_on_stderr_that_ps_shows_it()
    {
        using var session = await EncryptedSessionAsync();

        var (exitCode, _, stderr) = await RunAsync("merge", session.ManifestPath, "--json", "--master-key", Convert.ToBase64String(Key));

        Assert.Equal(0, exitCode);
        Assert.Contains("warning: --master-key is visible to every user", stderr);
        Assert.DoesNotContain(Convert.ToBase64String(Key), stderr);
    }

    private static async Task<SessionFolder> EncryptedSessionAsync()
    {
        var session = await SessionFolder.CreateAsync(new() { ParticipantCount = 2, DurationSeconds = 5, Dtx = false });
        for (var i = 0; i < session.Session.Participants.Count; i++)
        {
            using var plain = File.OpenRead(session.InputPath(i));
            using var sealedBytes = new MemoryStream();
            await LkaeWriter.EncryptAsync(plain, sealedBytes, Key);
            plain.Close();
            session.ReplaceInput(i, sealedBytes.ToArray());
        }
        var manifest = session.ReadManifest();
        manifest["encryption"] = "aes_256";
        session.WriteManifest(manifest);
        return session;
    }

    // No key from the test's own environment: each test says where its key comes from.
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync(arguments, new Dictionary<string, string?> { ["MERGEBUS_MASTER_KEY"] = null });
}
