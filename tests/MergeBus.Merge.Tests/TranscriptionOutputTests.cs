using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Outputs for speech-to-text through `mergebus merge` as a user runs it: per-person channels at 16 kHz, stems, and
/// the time map from mix time to the wall clock.
/// </summary>
public class TranscriptionOutputTests
{
    [Fact]
    public async Task A_five_person_per_participant_wav_at_16_kHz_holds_each_persons_speech_in_their_own_channel_only()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 5, DurationSeconds = 8, Dtx = false });

        var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--layout", "per_participant", "--format", "wav_pcm", "--sample-rate", "16000");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var roomMix = session.ReadManifest()["room_mix"]!;
        var mix = Path.Combine(session.Directory, roomMix["artifacts"]![0]!["storage_uri"]!.GetValue<string>());
        Assert.Equal((16000, 5), WavRateAndChannels(mix));
        var split = await ChannelSplitAsync(mix, 5);
        // Which channel is whose, as room_mix.channels says.
        var channelOf = roomMix["channels"]!.AsArray().ToDictionary(
            c => c!["participant_identity"]!.GetValue<string>(), c => c!["channel"]!.GetValue<int>());
        foreach (var burst in session.Session.Bursts)
        {
            var speaker = session.Session.Participants.Single(p => p.ParticipantId == burst.ParticipantId);
            var (from, to) = (burst.StartSeconds + 0.05, burst.EndSeconds - 0.05);
            for (var channel = 0; channel < 5; channel++)
            {
                var level = ToneMeasure.RmsDbfs(split[channel][0], from, to);
                if (channel == channelOf[speaker.Identity]) Assert.InRange(level, -30, 0);
                else Assert.True(level < -60, $"{speaker.Identity}'s burst at {from:F2} s is heard on channel {channel} at {level:F1} dBFS");
            }
        }
    }

    [Fact]
    public async Task The_time_map_in_the_json_record_gives_every_bursts_wall_clock_time_within_two_milliseconds()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 3, DurationSeconds = 8, JoinOffsetsSeconds = [0.4321, 0, 1.2345] });
        // The egress started well before anyone joined: mix time 0 is the first join, not started_at.
        var manifest = session.ReadManifest();
        manifest["started_at"] = manifest["started_at"]!.GetValue<long>() - 3_210_000_000;
        session.WriteManifest(manifest);
        var joinedAt = session.ReadManifest()["participants"]!.AsArray()
            .ToDictionary(p => p!["participant_id"]!.GetValue<string>(), p => p!["joined_at"]!.GetValue<long>());

        var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--format", "wav_pcm", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var timeline = JsonNode.Parse(run.Stdout)!["timeline"]!;
        var origin = timeline["origin_unix_ns"]!.GetValue<long>();
        var mix = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, session.MixOutputs().Single(f => f.EndsWith(".wav", StringComparison.Ordinal))));
        foreach (var burst in session.Session.Bursts)
        {
            var speaker = session.Session.Participants.Single(p => p.ParticipantId == burst.ParticipantId);
            // The truth: the speaker's own recording, placed by its own joined_at.
            var truthNs = joinedAt[speaker.ParticipantId] + (long)Math.Round((burst.StartSeconds - speaker.JoinOffsetSeconds) * 1e9);
            var (onset, _) = ToneMeasure.FindBurst(mix[0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            var mappedNs = origin + (long)Math.Round(onset * 1e9);
            Assert.True(Math.Abs(mappedNs - truthNs) <= 2_000_000, $"burst of {speaker.Identity} maps to {mappedNs}, truth {truthNs}");
        }
        foreach (var input in timeline["inputs"]!.AsArray())
        {
            // Each input's start in the map is its own joined_at, to the sample.
            var startNs = origin + input!["start_ms"]!.GetValue<double>() * 1e6;
            Assert.InRange(Math.Abs(startNs - joinedAt[input["participant_id"]!.GetValue<string>()]), 0, 1e9 / 48000);
            Assert.Equal("joined_at", input["anchor"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Stems_are_one_mono_file_per_person_of_the_mixs_length_named_by_identity_and_listed_with_their_person()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 3, DurationSeconds = 6, Dtx = false });

        var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--format", "wav_pcm", "--stems");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var artifacts = session.ReadManifest()["room_mix"]!["artifacts"]!.AsArray();
        var mix = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, artifacts[0]!["storage_uri"]!.GetValue<string>()));
        foreach (var person in session.Session.Participants)
        {
            var listed = Assert.Single(artifacts, a => a!["participant_identity"]?.GetValue<string>() == person.Identity)!;
            Assert.Equal($"room_mix_synthetic-room_{person.Identity}.wav", listed["storage_uri"]!.GetValue<string>());
            Assert.Equal(1, listed["channel_count"]!.GetValue<int>());
            var stem = await DecodedAudio.DecodeAsync(Path.Combine(session.Directory, listed["storage_uri"]!.GetValue<string>()));
            Assert.Equal(1, stem.ChannelCount);
            Assert.Equal(mix.Samples, stem.Samples);
            // From mix time 0: each of the person's bursts is where it is in the mix, and nobody else is in it.
            foreach (var burst in session.Session.Bursts)
            {
                var level = ToneMeasure.RmsDbfs(stem[0], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05);
                if (burst.ParticipantId == person.ParticipantId) Assert.InRange(level, -30, 0);
                else Assert.True(level < -60, $"{burst.ParticipantId}'s burst is in {person.Identity}'s stem at {level:F1} dBFS");
            }
        }
    }

    [Fact]
    public async Task A_deployment_setting_mergebus_outputs_stems_writes_stems_without_the_flag()
    {
        using var session = await SessionFolder.CreateAsync();

        var run = await CliProcess.RunAsync(["merge", session.ManifestPath], new Dictionary<string, string?> { ["MERGEBUS__OUTPUTS__STEMS"] = "true" });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["room_mix_synthetic-room.ogg", "room_mix_synthetic-room_speaker-1.ogg", "room_mix_synthetic-room_speaker-2.ogg"],
            session.MixOutputs().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_encrypted_sessions_stems_are_encrypted_under_the_same_master_key()
    {
        using var session = await EncryptedSessions.CreateAsync(durationSeconds: 4);
        var keyFile = Path.Combine(session.Directory, "..", Path.GetFileName(session.Directory) + ".key");
        await File.WriteAllTextAsync(keyFile, EncryptedSessions.TestKey);
        try
        {
            var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--stems", "--master-key-file", keyFile);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var stems = session.ReadManifest()["room_mix"]!["artifacts"]!.AsArray().Where(a => a!["participant_identity"] is not null).ToList();
            Assert.Equal(2, stems.Count);
            foreach (var stem in stems)
            {
                var path = Path.Combine(session.Directory, stem!["storage_uri"]!.GetValue<string>());
                Assert.True(LkaeFormat.IsLkae(File.ReadAllBytes(path).AsSpan(0, 4)), $"{path} is not LKAE");
                var plain = path + ".plain.ogg";
                await using (var input = File.OpenRead(path))
                await using (var output = File.Create(plain))
                {
                    await LkaeReader.DecryptAsync(input, output, Convert.FromBase64String(EncryptedSessions.TestKey));
                }
                Assert.Equal(1, (await DecodedAudio.DecodeAsync(plain)).ChannelCount);
            }
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task A_flac_per_participant_mix_of_nine_people_fails_with_one_line_and_leaves_the_session_untouched()
    {
        using var session = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 9, DurationSeconds = 8, Dtx = false });
        var before = session.Snapshot();

        var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--layout", "per_participant", "--format", "flac");

        Assert.Equal(1, run.ExitCode);
        // (Progress lines go to stderr too; the reason is one line of its own.)
        Assert.Equal("merge failed: fetch: flac holds at most 8 channels and this per_participant mix has 9 people; choose wav_pcm for this layout",
            Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("merge failed", StringComparison.Ordinal)));
        Assert.Empty(session.MixOutputs());
        var after = session.Snapshot();
        Assert.Equal(before.Where(f => f.Key != "manifest.json"), after.Where(f => f.Key != "manifest.json"));
        Assert.Equal("failed", session.ReadManifest()["room_mix"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sample_rate_the_mix_cannot_be_written_at_is_a_usage_error_before_anything_is_read()
    {
        using var session = await SessionFolder.CreateAsync();
        var before = session.Snapshot();

        var run = await CliProcess.RunAsync("merge", session.ManifestPath, "--sample-rate", "11025");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mergebus merge: --sample-rate 11025 is not one of 8000, 16000", run.Stderr);
        Assert.Equal(before, session.Snapshot());
    }

    /// <summary>The WAV header's own rate and channel count (fmt chunk), not a decoder's resampled view.</summary>
    private static (int Rate, int Channels) WavRateAndChannels(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 64);
        var fmt = header.IndexOf("fmt "u8);
        return (BitConverter.ToInt32(header[(fmt + 12)..]), BitConverter.ToInt16(header[(fmt + 10)..]));
    }

    /// <summary>
    /// ffmpeg's channelsplit at the file's own layout (as a user runs it: any other layout makes ffmpeg remix the
    /// channels first), one WAV per channel, each decoded.
    /// </summary>
    private static async Task<IReadOnlyList<DecodedAudio>> ChannelSplitAsync(string path, int channels)
    {
        var mask = (await DecodedAudio.DecodeAsync(path)).ChannelMask;
        var layout = mask != 0 ? $"0x{mask:x}" : $"{channels}c";
        var folder = path + ".split";
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        var pads = string.Concat(Enumerable.Range(0, channels).Select(c => $"[c{c}]"));
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-filter_complex",
            string.Create(CultureInfo.InvariantCulture, $"[0:a]channelsplit=channel_layout={layout}{pads}") })
            start.ArgumentList.Add(argument);
        for (var c = 0; c < channels; c++)
        {
            start.ArgumentList.Add("-map");
            start.ArgumentList.Add($"[c{c}]");
            start.ArgumentList.Add(Path.Combine(folder, $"{c}.wav"));
        }
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        var split = new List<DecodedAudio>();
        for (var c = 0; c < channels; c++) split.Add(await DecodedAudio.DecodeAsync(Path.Combine(folder, $"{c}.wav")));
        return split;
    }
}
