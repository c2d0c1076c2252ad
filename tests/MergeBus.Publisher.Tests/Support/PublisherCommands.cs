using MergeBus.Contracts;

namespace MergeBus.Publisher.Tests.Support;

public static class PublisherCommands
{
    public static readonly PublishMix Publish = new()
    {
        JobId = "job-1",
        Attempt = 1,
        Try = 3,
        ManifestPath = "room/s1/manifest.json",
        Artifacts =
        [
            new StagedArtifact
            {
                Format = "ogg_opus",
                StagingKey = "staging/job-1/try-3/run/room_mix_room.ogg",
                FinalKey = "room/s1/room_mix_room.ogg",
                Size = 4096,
                Sha256 = new string('a', 64),
            },
        ],
        Channels = [],
        Layout = "mix",
        StagingPrefix = "staging/job-1/try-3/run/",
    };

    public static readonly RecordMergeFailure RecordFailure = new()
    {
        JobId = "job-2",
        ManifestPath = "room/s2/manifest.json",
        Reason = "alice.ogg: not an Ogg stream",
        StagingPrefix = "staging/job-2/try-1/run/",
    };
}
