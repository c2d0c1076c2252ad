using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Media.Ogg;
using MergeBus.Media.Probing;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Tests;

public sealed class ProbeAndSynthesisTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    private readonly FfprobeTrackProbe probe = new();

    [Fact]
    public async Task Probing_file2_reports_its_timeline_with_holes_and_its_audio_without()
    {
        var result = await probe.ProbeAsync(Path.Combine(LiveKitSampleTests.SamplePath, "file2.ogg"), CancellationToken.None);

        Assert.True(result.IsOggOpus);
        Assert.Equal(("opus", 2, 181128L), (result.Codec, result.Channels, result.AudioSamples48k));
        Assert.InRange(result.TimelineSamples48k / 48000.0, 12.6, 12.65);
    }

    [Fact]
    public async Task Probing_a_wav_reads_rate_channels_and_duration_from_ffprobe()
    {
        using var folder = new TempFolder("probe");
        var session = await SessionSynthesizer.CreateAsync(folder.Path, new SessionSynthesisOptions { ParticipantCount = 1, DurationSeconds = 3, Formats = [SyntheticFormat.Wav16kMono] });

        var result = await probe.ProbeAsync(session.Participants[0].Path, CancellationToken.None);

        Assert.Equal((false, "pcm_s16le", 16000, 1, 144000L), (result.IsOggOpus, result.Codec, result.SampleRate, result.Channels, result.TimelineSamples48k));
    }

    [Fact]
    public async Task Probing_a_text_file_fails_permanently_naming_the_file()
    {
        using var folder = new TempFolder("probe-text");
        var path = folder.File("notes.ogg");
        await File.WriteAllTextAsync(path, "hello");

        var error = await Assert.ThrowsAsync<PermanentMergeException>(() => probe.ProbeAsync(path, CancellationToken.None));

        Assert.StartsWith("notes.ogg: not a readable audio file (ffprobe: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_lists_every_participant_with_the_size_and_sha256_of_its_file()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(fixture.Session.ManifestPath))!;
        var artifacts = manifest["participants"]!.AsArray().Select(p => p!["artifacts"]![0]!).ToList();

        Assert.Equal(fixture.Session.Participants.Count, artifacts.Count);
        Assert.All(artifacts, a =>
        {
            var file = Path.Combine(fixture.Session.Directory, a["storage_uri"]!.GetValue<string>());
            Assert.Equal(new FileInfo(file).Length, a["size"]!.GetValue<long>());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), a["sha256"]!.GetValue<string>());
        });
    }

    [Fact]
    public void The_manifest_joined_at_gives_back_each_participants_offset_to_the_sample()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(fixture.Session.ManifestPath))!;
        var joins = manifest["participants"]!.AsArray().Select(p => p!["joined_at"]!.GetValue<long>()).ToList();

        var offsets = joins.Select(j => (long)Math.Round((j - joins.Min()) * 48000 / 1e9));

        Assert.Equal(fixture.Session.Participants.Select(p => p.JoinOffsetSamples), offsets);
    }

    [Fact]
    public void Dtx_cuts_holes_that_start_new_pages_with_jumped_granules()
    {
        var timeline = OpusTimeline.Read(fixture.Session.Participants[0].Path);

        Assert.True(timeline.HoleCount >= 5, $"{timeline.HoleCount} holes");
        Assert.True(timeline.AudioSamples < timeline.EndSamples * 0.8);
    }

    [Fact]
    public void Agents_get_agent_identities()
    {
        Assert.Equal(["agent-1"], fixture.Session.Participants.Where(p => p.IsAgent).Select(p => p.Identity));
    }
}
