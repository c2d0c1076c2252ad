using System.Text.Json.Nodes;
using MergeBus.Configuration.Outputs;
using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Media.Probing;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.Fetcher.Tests.Planning;

/// <summary>The real Fetcher over a synthetic session on disk: what its plan says about identity, time and outputs.</summary>
public sealed class PlanTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mergebus-fetcher-tests", Guid.NewGuid().ToString("N"));
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(Path.Combine(directory, "session"),
            new SessionSynthesisOptions { ParticipantCount = 3, DurationSeconds = 4, JoinOffsetsSeconds = [0.5, 0, 1.25] });

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_planned_track_carries_its_track_id_its_wall_clock_start_and_its_anchor()
    {
        var manifest = EditManifest(m => m["participants"]![2]!["anchor"] = "egress_started_at");

        var plan = await PlanAsync();

        foreach (var participant in manifest["participants"]!.AsArray())
        {
            var track = plan.Tracks.Single(t => t.ParticipantId == participant!["participant_id"]!.GetValue<string>());
            Assert.Equal(participant!["track_id"]!.GetValue<string>(), track.TrackId);
            Assert.Equal(participant["joined_at"]!.GetValue<long>(), track.StartUnixNs);
            Assert.Equal(participant["anchor"] is null ? "joined_at" : "egress_started_at", track.Anchor);
        }
    }

    [Fact]
    public async Task The_plans_origin_is_the_wall_clock_time_of_the_earliest_start_not_the_egress_start()
    {
        var manifest = EditManifest(m => m["started_at"] = m["started_at"]!.GetValue<long>() - 7_000_000_000);

        var plan = await PlanAsync();

        Assert.Equal(manifest["participants"]!.AsArray().Min(p => p!["joined_at"]!.GetValue<long>()), plan.OriginUnixNs);
        Assert.All(plan.Tracks, t => Assert.Equal(t.StartUnixNs, plan.OriginUnixNs + (long)Math.Round(t.OffsetSamples * 1e9 / 48000)));
    }

    [Fact]
    public async Task A_manifest_without_stems_and_a_deployment_without_them_plan_no_stems()
    {
        var plan = await PlanAsync();

        Assert.False(plan.Stems);
    }

    [Fact]
    public async Task A_manifest_asking_for_stems_plans_them()
    {
        EditManifest(m => m["stems"] = true);

        var plan = await PlanAsync();

        Assert.True(plan.Stems);
    }

    [Fact]
    public async Task A_deployment_with_mergebus_outputs_stems_plans_stems_for_a_manifest_that_does_not_ask()
    {
        var plan = await PlanAsync(new OutputSettings { Stems = true });

        Assert.True(plan.Stems);
    }

    [Fact]
    public async Task An_output_sample_rate_setting_overrides_the_manifests()
    {
        var plan = await PlanAsync(new OutputSettings { SampleRate = 16000 });

        Assert.Equal(16000, plan.SampleRate);
    }

    [Fact]
    public async Task A_stem_that_would_overwrite_an_input_fails_the_plan_with_one_line_naming_it()
    {
        // An input named as speaker-1's stem of the mix would be.
        var input = session.Participants[0];
        File.Move(input.Path, Path.Combine(Path.GetDirectoryName(input.Path)!, "room_mix_synthetic-room_speaker-1.ogg"));
        EditManifest(m =>
        {
            m["stems"] = true;
            m["participants"]![0]!["artifacts"]![0]!["storage_uri"] = "room_mix_synthetic-room_speaker-1.ogg";
        });

        var bad = await Assert.ThrowsAsync<PermanentMergeException>(() => PlanAsync());

        Assert.Equal("the ogg_opus stem of 'speaker-1' would overwrite an input: 'room_mix_synthetic-room_speaker-1.ogg'", bad.Message);
    }

    private JsonObject EditManifest(Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(session.ManifestPath))!.AsObject();
        edit(manifest);
        File.WriteAllText(session.ManifestPath, manifest.ToJsonString());
        return manifest;
    }

    private async Task<MixPlan> PlanAsync(OutputSettings? outputs = null)
    {
        var work = Path.Combine(directory, "work");
        var fetcher = new InputFetcher(new MergeStores(new LocalObjectStorage(session.Directory), new LocalObjectStorage(work)),
            new InMemoryJobKeyVault(), new FfprobeTrackProbe(), new WorkerSettings { TempDirectory = work }, new MergeLimits(), outputs ?? new OutputSettings());
        var fetched = await fetcher.FetchAsync(new FetchInputs { JobId = "plan", Attempt = 1, ManifestPath = "manifest.json" }, CancellationToken.None);
        return fetched.Plan;
    }
}
