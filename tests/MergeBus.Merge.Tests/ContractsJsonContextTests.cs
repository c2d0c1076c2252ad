using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MassTransit.Serialization;
using MergeBus.Contracts;
using MergeBus.ServiceDefaults.Messaging;

namespace MergeBus.Merge.Tests;

/// <summary>The bus resolves our messages from build-time metadata (issue 22) without changing what goes on the wire.</summary>
public class ContractsJsonContextTests
{
    [Fact]
    public void Every_public_type_of_the_contracts_assembly_has_generated_serialization_metadata()
    {
        var missing = typeof(MixTracks).Assembly.GetExportedTypes()
            .Where(type => ContractsJsonContext.Default.GetTypeInfo(type) is null)
            .Select(type => type.Name)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void A_message_serializes_to_the_same_json_with_the_generated_metadata_as_by_reflection()
    {
        var message = new MixTracks
        {
            JobId = "room_20260213T032745.000",
            Attempt = 2,
            Try = 3,
            StagingPrefix = "staging/room/2/",
            Plan = new MixPlan
            {
                ManifestPath = "room/manifest.json",
                RoomName = "room",
                Layout = "per_participant",
                Formats = ["ogg_opus", "speech_json"],
                SampleRate = 48000,
                ChannelCount = 2,
                Encrypted = true,
                OutputKeys = new Dictionary<string, string> { ["ogg_opus"] = "room/mix.ogg" },
                TimelineSamples = 2_880_000,
                Loudness = "speech",
                Tracks =
                [
                    new PlannedTrack
                    {
                        ParticipantId = "PA_1",
                        ParticipantIdentity = "speaker-1",
                        StorageKey = "room/speaker-1.ogg",
                        Sha256 = new string('a', 64),
                        Size = 12345,
                        OffsetSamples = 480,
                        AudioRuns = [new AudioRun { StartSamples = 0, LengthSamples = 960 }],
                    },
                ],
            },
        };
        var reflection = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var generated = MessagingExtensions.WithContractsMetadata(new JsonSerializerOptions(reflection));

        var byReflection = JsonSerializer.Serialize(message, reflection);
        var byGenerated = JsonSerializer.Serialize(message, generated);

        Assert.IsType<ContractsJsonContext>(generated.TypeInfoResolverChain[0]);
        Assert.Equal(byReflection, byGenerated);
        var readBack = JsonSerializer.Deserialize<MixTracks>(byReflection, generated)!;
        Assert.Equal(byReflection, JsonSerializer.Serialize(readBack, reflection));
    }

    [Fact]
    public void Options_that_have_serialized_already_get_a_copy_that_resolves_the_contracts()
    {
        var frozen = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        JsonSerializer.Serialize(new AudioRun(), frozen);

        var withContracts = MessagingExtensions.WithContractsMetadata(frozen);

        Assert.NotSame(frozen, withContracts);
        Assert.Same(ContractsJsonContext.Default, withContracts.TypeInfoResolverChain[0]);
    }
}
