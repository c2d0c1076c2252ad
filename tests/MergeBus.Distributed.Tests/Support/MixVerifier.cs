using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MergeBus.Media.Ffmpeg;
using MergeBus.Protocol.Lkae;

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

        var samples = await DecodeAsync(local);
        var bursts = session.Truth.Bursts
            .Select(b => (b.StartSeconds, b.EndSeconds, Rms(samples, b.StartSeconds + 0.03, b.EndSeconds - 0.03)))
            .ToList();
        return new MixMeasurement(key, samples.Length / 48000.0, bursts, stored);
    }

    private static async Task<float[]> DecodeAsync(string path)
    {
        using var pcm = new MemoryStream();
        await FfmpegRunner.RunAsync(
            FfmpegCommand.Ffmpeg("-loglevel", "error", "-i", FfmpegCommand.LocalFile(path), "-f", "f32le", "-ac", "1", "-ar", "48000", "pipe:1"),
            CancellationToken.None,
            readStdout: (stdout, ct) => stdout.CopyToAsync(pcm, ct));
        return MemoryMarshal.Cast<byte, float>(pcm.GetBuffer().AsSpan(0, (int)pcm.Length)).ToArray();
    }

    private static double Rms(float[] samples, double from, double to)
    {
        var start = Math.Clamp((int)(from * 48000), 0, samples.Length);
        var end = Math.Clamp((int)(to * 48000), start, samples.Length);
        if (end <= start) return 0;
        double sum = 0;
        for (var i = start; i < end; i++) sum += samples[i] * (double)samples[i];
        return Math.Sqrt(sum / (end - start));
    }

    /// <summary>The checks every distributed mix must pass.</summary>
    public static void AssertFaithful(MixMeasurement mix, UploadedSession session)
    {
        Assert.True(Math.Abs(mix.DurationSeconds - session.Truth.ExpectedTimelineSeconds) <= 0.020,
            $"{mix.Key}: {mix.DurationSeconds:F4} s decoded, {session.Truth.ExpectedTimelineSeconds:F4} s expected");
        Assert.NotEmpty(mix.Bursts);
        foreach (var (start, end, rms) in mix.Bursts)
            Assert.True(rms > 0.02, $"{mix.Key}: silence where a burst is ({start:F3}-{end:F3} s, RMS {rms:F4})");
    }
}
