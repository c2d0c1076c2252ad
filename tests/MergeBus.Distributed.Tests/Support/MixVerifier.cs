using System.Text.Json.Nodes;
using MergeBus.Protocol.Lkae;
using MergeBus.Testing.Audio;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>What a published mix really contains, measured by decoding it.</summary>
public sealed record MixMeasurement(string Key, double DurationSeconds, IReadOnlyList<(double Start, double End, double Rms)> Bursts, long StoredBytes);

public static class MixVerifier
{
    /// <summary>The mix the manifest lists, downloaded (decrypted when a key is given) and decoded to 48 kHz mono.</summary>
    public static async Task<MixMeasurement> MeasureAsync(Deployment deployment, UploadedSession session, byte[]? masterKey = null)
    {
        JsonObject manifest;
        await using (var stream = await deployment.Storage.OpenReadAsync(deployment.MergedManifestKey(session.ManifestKey)))
            manifest = JsonNode.Parse(stream)!.AsObject();
        var artifacts = manifest["room_mix"]?["artifacts"]?.AsArray()
            ?? throw new Xunit.Sdk.XunitException($"{deployment.MergedManifestKey(session.ManifestKey)} lists no room_mix artifacts");
        var audio = Assert.Single(artifacts, a => (string?)a!["format"] != "speech_json");
        var uri = (string)audio!["storage_uri"]!;
        var key = uri.Contains('/') ? uri : $"{session.Directory}/{uri}";

        var local = Path.Combine(deployment.WorkDirectory, "mixes", Guid.NewGuid().ToString("N") + ".ogg");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        long stored;
        await using (var remote = await deployment.Storage.OpenReadAsync(key))
        await using (var file = File.Create(local))
        {
            if (masterKey is null)
            {
                await remote.CopyToAsync(file);
                stored = file.Length;
            }
            else
            {
                using var encrypted = new MemoryStream();
                await remote.CopyToAsync(encrypted);
                stored = encrypted.Length;
                Assert.Equal("LKAE"u8.ToArray(), encrypted.ToArray()[..4]);
                encrypted.Position = 0;
                await LkaeReader.DecryptAsync(encrypted, file, masterKey);
            }
        }

        var samples = await MixChecks.DecodeAsync(local);
        return new MixMeasurement(key, samples.Length / 48000.0, MixChecks.Bursts(samples, session.Truth), stored);
    }

    /// <summary>The checks every distributed mix must pass.</summary>
    public static void AssertFaithful(MixMeasurement mix, UploadedSession session) =>
        MixChecks.AssertFaithful(mix.Key, mix.DurationSeconds, mix.Bursts, session.Truth);
}
