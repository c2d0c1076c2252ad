using MergeBus.Protocol.Lkae;

namespace MergeBus.Merge.Tests;

/// <summary>Synthetic sessions sealed with LKAE as an encrypting recorder writes them, and ways to damage them.</summary>
public static class EncryptedSessions
{
    public static readonly string TestKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>Long and continuous enough by default that every file spans several 64 KiB LKAE chunks.</summary>
    public static async Task<SessionFolder> CreateAsync(int durationSeconds = 30)
    {
        var session = await SessionFolder.CreateAsync(new() { ParticipantCount = 2, DurationSeconds = durationSeconds, Dtx = false });
        var key = Convert.FromBase64String(TestKey);
        for (var i = 0; i < session.Session.Participants.Count; i++)
        {
            var plain = File.ReadAllBytes(session.InputPath(i));
            using var sealedBytes = new MemoryStream();
            await LkaeWriter.EncryptAsync(new MemoryStream(plain), sealedBytes, key);
            session.ReplaceInput(i, sealedBytes.ToArray());
        }

        var manifest = session.ReadManifest();
        manifest["encryption"] = "aes_256";
        session.WriteManifest(manifest);
        return session;
    }

    /// <summary>LKAE: header, then chunks of 12 B nonce | u32 BE length | ciphertext. Swaps chunk 0 and 1.</summary>
    public static byte[] SwapFirstTwoChunks(byte[] file)
    {
        var sealedKeyLength = (file[5] << 8) | file[6];
        var first = 4 + 1 + 2 + sealedKeyLength + 12 + 12;
        int ChunkLength(int at) => 16 + ((file[at + 12] << 24) | (file[at + 13] << 16) | (file[at + 14] << 8) | file[at + 15]);
        var second = first + ChunkLength(first);
        var third = second + ChunkLength(second);
        Assert.True(third <= file.Length, "the test file needs at least two chunks");
        return [.. file[..first], .. file[second..third], .. file[first..second], .. file[third..]];
    }
}
