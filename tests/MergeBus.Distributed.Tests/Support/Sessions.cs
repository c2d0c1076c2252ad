using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>A synthetic session in the bucket, laid out as the egress uploads it (spec §2).</summary>
public sealed record UploadedSession(SyntheticSession Truth, string SessionId, string Directory, string ManifestKey, long BytesUploaded);

public static class Sessions
{
    public static SessionSynthesisOptions TwoPeople(int seed, double seconds) => new()
    {
        ParticipantCount = 2,
        DurationSeconds = seconds,
        Seed = seed,
        RoomName = $"room-{seed}",
    };

    /// <summary>Synthesizes a session and uploads tracks then manifest. With a master key the tracks are LKAE files.</summary>
    public static async Task<UploadedSession> UploadAsync(Deployment deployment, SessionSynthesisOptions options,
        byte[]? masterKey = null)
    {
        var local = Path.Combine(deployment.WorkDirectory, "sessions", $"{options.RoomName}-{options.Seed}");
        var truth = await SessionSynthesizer.CreateAsync(local, options);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(truth.ManifestPath))!.AsObject();
        var sessionId = (string)manifest["session_id"]!;
        var directory = $"{options.RoomName}/{sessionId}";
        long bytes = 0;

        foreach (var participant in truth.Participants)
        {
            var stored = participant.Path;
            if (masterKey is not null)
            {
                stored = participant.Path + ".lkae";
                await using (var plain = File.OpenRead(participant.Path))
                await using (var encrypted = File.Create(stored))
                    await LkaeWriter.EncryptAsync(plain, encrypted, masterKey);
                var artifact = manifest["participants"]!.AsArray()
                    .Single(p => (string)p!["participant_id"]! == participant.ParticipantId)!["artifacts"]![0]!;
                artifact["size"] = new FileInfo(stored).Length;
                artifact["sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(stored)));
            }
            await deployment.Storage.PutFileAsync($"{directory}/{participant.FileName}", stored);
            bytes += new FileInfo(stored).Length;
        }
        if (masterKey is not null) manifest["encryption"] = "aes_256";

        var manifestKey = $"{directory}/manifest.json";
        var manifestBytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await deployment.Storage.PutAsync(manifestKey, new MemoryStream(manifestBytes));
        return new UploadedSession(truth, sessionId, directory, manifestKey, bytes + manifestBytes.Length);
    }
}
