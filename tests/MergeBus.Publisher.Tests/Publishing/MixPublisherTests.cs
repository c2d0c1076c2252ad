using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using MergeBus.Contracts;
using MergeBus.Publisher.Components;
using MergeBus.Steps;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using MergeBus.Testing.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace MergeBus.Publisher.Tests.Publishing;

/// <summary>The real publisher on s3rver: stems and the time map go into room_mix, at least once.</summary>
public sealed class MixPublisherTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string ManifestKey = "room/S1/manifest.json";

    [Fact]
    public async Task A_published_mix_records_the_time_map_in_room_mix()
    {
        var (stores, command) = await StagedSessionAsync();

        await new MixPublisher(stores, NullLogger<MixPublisher>.Instance).PublishAsync(command, CancellationToken.None);

        var timeline = (await ReadManifestAsync(stores.Recordings))["room_mix"]!["timeline"]!;
        Assert.Equal(1_770_953_265_250_000_000, timeline["origin_unix_ns"]!.GetValue<long>());
        var bob = timeline["inputs"]![1]!;
        Assert.Equal("bob", bob["participant_identity"]!.GetValue<string>());
        Assert.Equal("PA_b", bob["participant_id"]!.GetValue<string>());
        Assert.Equal("TR_b", bob["track_id"]!.GetValue<string>());
        Assert.Equal("b.ogg", bob["storage_uri"]!.GetValue<string>()); // as the manifest names its inputs
        Assert.Equal(1234.5625, bob["start_ms"]!.GetValue<double>());
        Assert.Equal(3000, bob["length_ms"]!.GetValue<double>());
        Assert.Equal("egress_started_at", bob["anchor"]!.GetValue<string>());
        Assert.Equal(1500, bob["holes"]![0]!["start_ms"]!.GetValue<double>());
        Assert.Equal(1800, bob["holes"]![0]!["end_ms"]!.GetValue<double>());
        var person = timeline["people"]![0]!;
        Assert.Equal("alice", person["participant_identity"]!.GetValue<string>());
        Assert.Equal(300, person["first_speech_ms"]!.GetValue<long>());
        Assert.Equal(2900, person["last_speech_ms"]!.GetValue<long>());
    }

    [Fact]
    public async Task Each_stem_is_published_at_its_final_key_and_listed_in_room_mix_with_its_person()
    {
        var (stores, command) = await StagedSessionAsync();

        var published = await new MixPublisher(stores, NullLogger<MixPublisher>.Instance).PublishAsync(command, CancellationToken.None);

        var artifacts = (await ReadManifestAsync(stores.Recordings))["room_mix"]!["artifacts"]!.AsArray();
        var stem = Assert.Single(artifacts, a => a!["participant_identity"] is not null)!;
        Assert.Equal("bob", stem["participant_identity"]!.GetValue<string>());
        Assert.Equal("room_mix_r_bob.wav", stem["storage_uri"]!.GetValue<string>());
        Assert.Equal(1, stem["channel_count"]!.GetValue<int>());
        Assert.Null(artifacts[0]!["participant_identity"]); // the mix itself names no one
        Assert.Equal("stem of bob", await ReadTextAsync(stores.Recordings, "room/S1/room_mix_r_bob.wav"));
        var listed = Assert.Single(published.Artifacts, a => a.ParticipantIdentity == "bob");
        Assert.Equal(["PA_b"], listed.Channels.Single().ParticipantIds);
    }

    [Fact]
    public async Task Each_channel_in_room_mix_names_the_person_heard_on_it()
    {
        var (stores, command) = await StagedSessionAsync();

        await new MixPublisher(stores, NullLogger<MixPublisher>.Instance).PublishAsync(command, CancellationToken.None);

        var channels = (await ReadManifestAsync(stores.Recordings))["room_mix"]!["channels"]!.AsArray();
        Assert.Equal(["alice", "bob"], channels.Select(c => c!["participant_identity"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Publishing_the_same_mix_again_after_staging_was_cleaned_changes_no_object_and_no_field_but_merged_at()
    {
        var (stores, command) = await StagedSessionAsync();
        var publisher = new MixPublisher(stores, NullLogger<MixPublisher>.Instance);
        await publisher.PublishAsync(command, CancellationToken.None);
        var first = await ReadManifestAsync(stores.Recordings);
        var objects = await SnapshotAsync(stores.Recordings);

        await publisher.PublishAsync(command, CancellationToken.None);

        var second = await ReadManifestAsync(stores.Recordings);
        first["room_mix"]!.AsObject().Remove("merged_at");
        second["room_mix"]!.AsObject().Remove("merged_at");
        Assert.True(JsonNode.DeepEquals(first, second), second.ToJsonString());
        Assert.Equal(objects.Where(o => !o.Key.EndsWith("manifest.json", StringComparison.Ordinal)),
            (await SnapshotAsync(stores.Recordings)).Where(o => !o.Key.EndsWith("manifest.json", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_publish_whose_staged_stem_is_gone_fails_and_the_manifest_lists_no_artifact()
    {
        var (stores, command) = await StagedSessionAsync();
        await stores.Staging.DeleteAsync(command.Artifacts.Single(a => a.ParticipantIdentity is not null).StagingKey);

        await Assert.ThrowsAsync<EarlierWorkGoneException>(() =>
            new MixPublisher(stores, NullLogger<MixPublisher>.Instance).PublishAsync(command, CancellationToken.None));

        Assert.Null((await ReadManifestAsync(stores.Recordings))["room_mix"]);
    }

    /// <summary>A manifest of two people, and a staged mix and one stem, as the Mixer leaves them.</summary>
    private async Task<(MergeStores Stores, PublishMix Command)> StagedSessionAsync()
    {
        var store = await s3.CreateStorageAsync("publish", prefix: Guid.NewGuid().ToString("N"));
        var stores = new MergeStores(store, store);
        await PutTextAsync(store, ManifestKey, """
            {"egress_id":"EG_1","room_id":"RM_1","room_name":"r","session_id":"S1","formats":["wav_pcm"],"sample_rate":48000,
             "channel_count":2,"started_at":1770953265000000000,"status":"merging","participants":[
              {"participant_id":"PA_a","participant_identity":"alice","track_id":"TR_a","joined_at":1770953265250000000,
               "artifacts":[{"format":"ogg_opus","filename":"a.ogg","storage_uri":"a.ogg","size":1,"sha256":"00"}]},
              {"participant_id":"PA_b","participant_identity":"bob","track_id":"TR_b","joined_at":1770953266484562500,"anchor":"egress_started_at",
               "artifacts":[{"format":"ogg_opus","filename":"b.ogg","storage_uri":"b.ogg","size":1,"sha256":"00"}]}]}
            """);
        var mix = await StageAsync(store, "room_mix_r.wav", "the mix", null, channels: 2);
        var stem = await StageAsync(store, "room_mix_r_bob.wav", "stem of bob", "bob", channels: 1);
        var command = new PublishMix
        {
            JobId = "job-1",
            Attempt = 1,
            ManifestPath = ManifestKey,
            Layout = "per_participant",
            StagingPrefix = "staging/job-1",
            Artifacts = [mix, stem],
            Channels =
            [
                new ChannelAssignment { Channel = 0, ParticipantIds = ["PA_a"] },
                new ChannelAssignment { Channel = 1, ParticipantIds = ["PA_b"] },
            ],
            Timeline = new MixTimeline
            {
                OriginUnixNs = 1_770_953_265_250_000_000,
                Inputs =
                [
                    new TimelineInput { ParticipantIdentity = "alice", ParticipantId = "PA_a", TrackId = "TR_a", StorageUri = "room/S1/a.ogg", LengthMs = 3000, Anchor = "joined_at" },
                    new TimelineInput
                    {
                        ParticipantIdentity = "bob", ParticipantId = "PA_b", TrackId = "TR_b", StorageUri = "room/S1/b.ogg",
                        StartMs = 1234.5625, LengthMs = 3000, Anchor = "egress_started_at",
                        Holes = [new TimelineSpan { StartMs = 1500, EndMs = 1800 }],
                    },
                ],
                People =
                [
                    new TimelinePerson { ParticipantIdentity = "alice", FirstSpeechMs = 300, LastSpeechMs = 2900 },
                    new TimelinePerson { ParticipantIdentity = "bob", FirstSpeechMs = 1300, LastSpeechMs = 4100 },
                ],
            },
        };
        return (stores, command);
    }

    private static async Task<StagedArtifact> StageAsync(IObjectStorage store, string name, string content, string? person, int channels)
    {
        var stagingKey = $"staging/job-1/try-1/{name}";
        await PutTextAsync(store, stagingKey, content);
        var bytes = Encoding.UTF8.GetBytes(content);
        return new StagedArtifact
        {
            Format = "wav_pcm",
            StagingKey = stagingKey,
            FinalKey = $"room/S1/{name}",
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            DurationMs = 3000,
            ChannelCount = channels,
            SampleRate = 48000,
            ParticipantIdentity = person,
        };
    }

    private static Task PutTextAsync(IObjectStorage store, string key, string text) =>
        store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static async Task<string> ReadTextAsync(IObjectStorage store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task<JsonObject> ReadManifestAsync(IObjectStorage store) =>
        JsonNode.Parse(await ReadTextAsync(store, ManifestKey))!.AsObject();

    private static async Task<SortedDictionary<string, string>> SnapshotAsync(IObjectStorage store)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in await store.ListAsync("room/"))
            snapshot[entry.Key] = await ReadTextAsync(store, entry.Key);
        return snapshot;
    }
}
