using System.Security.Cryptography;
using MergeBus.LoopbackServers;
using MergeBus.Media.Analysis;
using MergeBus.Media.Speech;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Merge.Tests;

/// <summary>The whole pipeline in one process (saga, Fetcher, Mixer, Publisher), as `mergebus merge` runs it.</summary>
public class MergeTests
{
    [Fact]
    public async Task A_session_merges_into_a_mix_that_the_manifest_records()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 3, DurationSeconds = 6 });

        var result = await session.MergeAsync();

        Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
        var roomMix = session.ReadManifest()["room_mix"]!;
        Assert.Equal("completed", roomMix["status"]!.GetValue<string>());
        var artifact = roomMix["artifacts"]![0]!;
        var path = Path.Combine(session.Directory, artifact["storage_uri"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), artifact["sha256"]!.GetValue<string>());
        Assert.Equal(new FileInfo(path).Length, artifact["size"]!.GetValue<long>());
        Assert.Equal(2, artifact["channel_count"]!.GetValue<int>());
        Assert.Equal("completed", result.Status.Status);
    }

    [Fact]
    public async Task Every_burst_of_a_merged_session_lands_within_two_milliseconds_of_its_time()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 3, DurationSeconds = 8, LateJoinerTalksLast = true });

        var result = await session.MergeAsync(formats: ["wav_pcm"]);

        Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
        var mix = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, result.Outcome.Artifacts[0].StorageUri));
        foreach (var burst in session.Session.Bursts.Where(b => !b.IsShout))
        {
            var (onset, end) = ToneMeasure.FindBurst(mix[0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            Assert.InRange(Math.Abs(onset - burst.StartSeconds) * 1000, 0, 2);
            Assert.InRange(Math.Abs(end - burst.EndSeconds) * 1000, 0, 2);
        }
        Assert.InRange(Math.Abs(mix.DecodedSeconds - session.Session.ExpectedTimelineSeconds) * 1000, 0, 20);
    }

    [Fact]
    public async Task An_encrypted_session_gets_an_encrypted_mix_under_the_same_master_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var session = await EncryptedSessionAsync(key);

        var result = await session.MergeAsync(masterKey: Convert.ToBase64String(key));

        Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
        var sealedMix = Path.Combine(session.Directory, result.Outcome.Artifacts[0].StorageUri);
        Assert.True(LkaeFormat.IsLkae(File.ReadAllBytes(sealedMix).AsSpan(0, 4)));
        var plainMix = sealedMix + ".plain.ogg";
        await using (var input = File.OpenRead(sealedMix))
        await using (var output = File.Create(plainMix))
        {
            await LkaeReader.DecryptAsync(input, output, key);
        }
        var audio = await DecodedAudio.DecodeAsync(plainMix);
        Assert.InRange(Math.Abs(audio.DeclaredDurationSeconds - session.Session.ExpectedTimelineSeconds) * 1000, 0, 20);
        Assert.DoesNotContain(Convert.ToBase64String(key), File.ReadAllText(session.ManifestPath));
    }

    [Fact]
    public async Task An_encrypted_sessions_speech_index_is_encrypted_under_the_same_master_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var session = await EncryptedSessionAsync(key);

        var result = await session.MergeAsync(masterKey: Convert.ToBase64String(key));

        Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
        var sealedIndex = Path.Combine(session.Directory, result.Outcome.Artifacts.Single(a => a.Format == "speech_json").StorageUri);
        Assert.Equal("speech.json", Path.GetFileName(sealedIndex));
        Assert.True(LkaeFormat.IsLkae(File.ReadAllBytes(sealedIndex).AsSpan(0, 4)));
        var plainIndex = sealedIndex + ".plain.json";
        await using (var input = File.OpenRead(sealedIndex))
        await using (var output = File.Create(plainIndex))
        {
            await LkaeReader.DecryptAsync(input, output, key);
        }
        var index = SpeechIndex.Read(plainIndex);
        Assert.Equal(session.Session.Participants.Count, index.Count);
        Assert.All(session.Session.Bursts, b => Assert.Contains(index.Single(e => e.ParticipantId == b.ParticipantId).Segments,
            s => Math.Abs(s.StartMs - (b.StartSeconds * 1000)) <= 20 && Math.Abs(s.EndMs - (b.EndSeconds * 1000)) <= 20));
    }

    [Fact]
    public async Task Asked_for_speech_leveling_the_manifest_records_each_participants_loudness_and_gain()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions
        {
            ParticipantCount = 3,
            DurationSeconds = 8,
            ParticipantAmplitudes = [0.05, 0.1, 0.4], // about −29, −23 and −11 LUFS: all within the default ±20 dB of −18
        });

        var result = await session.MergeAsync(loudness: "speech");

        Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
        var loudness = session.ReadManifest()["room_mix"]!["loudness"]!;
        Assert.Equal("speech", loudness["mode"]!.GetValue<string>());
        var participants = loudness["participants"]!.AsArray();
        Assert.Equal(3, participants.Count);
        foreach (var entry in participants)
        {
            var measured = entry!["speech_lufs"]!.GetValue<double>();
            var gain = entry["gain_db"]!.GetValue<double>();
            Assert.InRange(measured + gain, -18.05, -17.95);
        }
    }

    [Fact]
    public async Task The_real_livekit_recording_merges_to_its_full_length()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mergebus-merge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var fixture = RepoPaths.SharedFixture("livekit-sample");
            // The manifest names the files file1/file2; the fixture ships them as .ogg.
            File.Copy(Path.Combine(fixture, "file1.ogg"), Path.Combine(directory, "file1"));
            File.Copy(Path.Combine(fixture, "file2.ogg"), Path.Combine(directory, "file2"));
            File.Copy(Path.Combine(fixture, "manifest.json"), Path.Combine(directory, "manifest.json"));

            var result = await Cli.Local.LocalMergeRunner.RunAsync(
                new Cli.Local.LocalMergeOptions { ManifestPath = Path.Combine(directory, "manifest.json"), Formats = ["ogg_opus", "wav_pcm"] },
                null, null, Microsoft.Extensions.Logging.LogLevel.Warning, CancellationToken.None);

            Assert.True(result.Outcome.Succeeded, result.Outcome.Reason);
            foreach (var artifact in result.Outcome.Artifacts.Where(a => a.Format != "speech_json"))
            {
                var audio = await DecodedAudio.DecodeAsync(Path.Combine(directory, artifact.StorageUri));
                Assert.InRange(audio.DeclaredDurationSeconds, 12.5, 12.85);
                Assert.InRange(artifact.DurationMs, 12_500, 12_850);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A generated session whose inputs are LKAE files under <paramref name="key"/>, as an encrypting egress writes them.</summary>
    private static async Task<SessionFolder> EncryptedSessionAsync(byte[] key)
    {
        var session = await SessionFolder.CreateAsync();
        for (var i = 0; i < session.Session.Participants.Count; i++)
        {
            using var sealedBytes = new MemoryStream();
            await using (var plain = File.OpenRead(session.InputPath(i))) await LkaeWriter.EncryptAsync(plain, sealedBytes, key);
            session.ReplaceInput(i, sealedBytes.ToArray());
        }
        var manifest = session.ReadManifest();
        manifest["encryption"] = "aes_256";
        session.WriteManifest(manifest);
        return session;
    }
}
