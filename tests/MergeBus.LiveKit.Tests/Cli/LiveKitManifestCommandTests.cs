using System.Text.Json.Nodes;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.Media.Analysis;
using MergeBus.Protocol.Manifests;
using Xunit.Abstractions;

namespace MergeBus.LiveKit.Tests.Cli;

/// <summary>`mergebus livekit manifest` run as a process on stock egress output, and `mergebus merge` on its manifest.</summary>
public class LiveKitManifestCommandTests(ITestOutputHelper output)
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> BuildManifest(StockEgressSession session, params string[] extra)
    {
        var files = await session.WriteEgressInfoFilesAsync();
        return await MergebusCli.RunAsync(["livekit", "manifest", .. files, "--root", session.Root, .. extra]);
    }

    [Fact]
    public async Task Stock_egress_recordings_merge_with_every_burst_where_the_file_start_times_put_it()
    {
        using var session = await StockEgressSession.CreateAsync();
        var input = await DecodedAudio.DecodeAsync(Path.Combine(session.Root, "recordings", "TR_stock1-2026-02-13T032745.ogg"));
        Assert.Equal(2, input.ChannelCount); // stereo 48 kHz Ogg Opus, as track egress writes an audio track

        var (exit, manifestJson, stderr) = await BuildManifest(session, "--tracks", session.WriteTracksFile());
        Assert.True(exit == 0, stderr);
        var manifestPath = Path.Combine(session.Root, "recordings", "manifest.json");
        await File.WriteAllTextAsync(manifestPath, manifestJson);
        var merged = await MergebusCli.RunAsync("merge", manifestPath, "--format", "wav_pcm", "--json");
        Assert.True(merged.ExitCode == 0, merged.Stderr + merged.Stdout);

        var mixUri = (string)JsonNode.Parse(merged.Stdout)!["room_mix"]![0]!["storage_uri"]!;
        var mix = await DecodedAudio.DecodeAsync(Path.Combine(session.Root, "recordings", mixUri));
        var worst = 0.0;
        foreach (var burst in session.Session.Bursts.Where(b => !b.IsShout))
        {
            var (onset, end) = ToneMeasure.FindBurst(mix[0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            worst = Math.Max(worst, Math.Max(Math.Abs(onset - burst.StartSeconds), Math.Abs(end - burst.EndSeconds)) * 1000);
            Assert.InRange(Math.Abs(onset - burst.StartSeconds) * 1000, 0, 2);
            Assert.InRange(Math.Abs(end - burst.EndSeconds) * 1000, 0, 2);
        }
        output.WriteLine($"{session.Session.Bursts.Count} bursts, worst onset/end error {worst:F3} ms");
    }

    [Fact]
    public async Task The_reconnecting_person_is_one_identity_across_two_entries()
    {
        using var session = await StockEgressSession.CreateAsync(durationSeconds: 4);

        var (exit, manifestJson, stderr) = await BuildManifest(session, "--tracks", session.WriteTracksFile());

        Assert.True(exit == 0, stderr);
        var manifest = Manifest.Parse(manifestJson);
        var alice = manifest.Participants.Where(p => p.ParticipantIdentity == "alice").ToList();
        Assert.Equal(["TR_stock1", "TR_stock3"], alice.Select(p => p.TrackId));
        Assert.Equal(["PA_stock1", "PA_stock3"], alice.Select(p => p.ParticipantId));
        Assert.Equal(2, Alignment.Compute(manifest).Select(t => t.PersonKey).Distinct().Count());
    }

    [Fact]
    public async Task Without_a_tracks_file_identities_come_from_publisher_identity_file_names()
    {
        using var session = await StockEgressSession.CreateAsync("recordings/{room_name}/{publisher_identity}-{track_id}", durationSeconds: 4);

        var (exit, manifestJson, stderr) = await BuildManifest(session);

        Assert.True(exit == 0, stderr);
        Assert.Equal(["alice", "speaker-2", "alice"], Manifest.Parse(manifestJson).Participants.Select(p => p.ParticipantIdentity));
        Assert.Contains($"write it to recordings/{StockEgressSession.RoomName}/manifest.json", stderr);
    }

    [Fact]
    public async Task A_recording_listed_in_EgressInfo_but_missing_is_named_and_nothing_is_printed()
    {
        using var session = await StockEgressSession.CreateAsync(durationSeconds: 4);
        File.Delete(Path.Combine(session.Root, "recordings", "TR_stock2-2026-02-13T032745.ogg"));

        var (exit, stdout, stderr) = await BuildManifest(session);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"mergebus livekit manifest: recording recordings/TR_stock2-2026-02-13T032745.ogg is missing: not found under {session.Root}",
            stderr.Trim());
    }

    [Fact]
    public async Task A_recording_of_another_size_than_EgressInfo_says_is_refused()
    {
        using var session = await StockEgressSession.CreateAsync(durationSeconds: 4);
        var path = Path.Combine(session.Root, "recordings", "TR_stock2-2026-02-13T032745.ogg");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        var (exit, stdout, stderr) = await BuildManifest(session);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"recording recordings/TR_stock2-2026-02-13T032745.ogg is {bytes.Length / 2} bytes, EgressInfo says {bytes.Length}", stderr);
    }

    [Fact]
    public async Task An_egress_still_running_fails_unless_the_room_is_said_to_be_over()
    {
        using var session = await StockEgressSession.CreateAsync(durationSeconds: 4);
        session.Room["egresses"]![1]!["status"] = "EGRESS_ACTIVE";

        var refused = await BuildManifest(session);
        var overridden = await BuildManifest(session, "--room-finished");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("audio egress(es) not ended: EG_stock2 (track TR_stock2) EGRESS_ACTIVE", refused.Stderr);
        Assert.Equal(0, overridden.ExitCode);
        Assert.DoesNotContain(Manifest.Parse(overridden.Stdout).Participants, p => p.TrackId == "TR_stock2");
        Assert.Contains("EG_stock2 (track TR_stock2) never ended (EGRESS_ACTIVE): not mixed", overridden.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "give at least one EgressInfo JSON file")]
    [InlineData(new[] { "/nonexistent/egress.json" }, "/nonexistent/egress.json cannot be read")]
    [InlineData(new[] { "x.json", "--format", "aiff" }, "format")]
    public async Task A_command_line_that_cannot_run_exits_2_with_one_line_and_the_usage(string[] arguments, string reason)
    {
        var (exit, stdout, stderr) = await MergebusCli.RunAsync(["livekit", "manifest", .. arguments]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(reason, stderr.Split('\n')[0]);
        Assert.Contains("usage: mergebus livekit manifest", stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_EgressInfo_JSON_is_named_with_its_reason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-egress-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\"egressId\": 42}");
        try
        {
            var (exit, _, stderr) = await MergebusCli.RunAsync("livekit", "manifest", path);

            Assert.Equal(1, exit);
            Assert.Equal($"mergebus livekit manifest: {path}: livekit field egress_id must be a string", stderr.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
