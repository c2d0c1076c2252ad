using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using MergeBus.Steps;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Logging;

namespace MergeBus.Publisher.Components;

/// <summary>
/// Publishing is safe to repeat: a final object that already has the staged bytes is not copied again, and the
/// manifest is rewritten from its current content each time (in place, or beside the original on GCS: spec §2).
/// </summary>
public sealed class MixPublisher(MergeStores stores, ILogger<MixPublisher> logger) : IMixPublisher
{
    public async Task<PublishedMix> PublishAsync(PublishMix command, CancellationToken cancellationToken)
    {
        var counted = new CountedStores(stores);
        var recordings = counted.Stores.Recordings;
        // Read first: a manifest that vanished or broke since fetching must fail before any output appears.
        var manifest = await ManifestStore.ReadAsync(recordings, command.ManifestPath, cancellationToken);
        var relativeUris = UsesRelativeUris(manifest);

        // The artifacts are independent objects: they move to their final keys side by side.
        await ParallelTransfers.RunAsync(command.Artifacts, (artifact, token) => MoveToFinalAsync(counted.Stores, artifact, token), cancellationToken);
        var published = new List<PublishedArtifact>();
        foreach (var artifact in command.Artifacts)
        {
            published.Add(new PublishedArtifact
            {
                Format = artifact.Format,
                StorageUri = relativeUris ? RelativeTo(command.ManifestPath, artifact.FinalKey) : artifact.FinalKey,
                Size = artifact.Size,
                Sha256 = artifact.Sha256,
                DurationMs = artifact.DurationMs,
                Key = artifact.FinalKey,
                ChannelCount = artifact.ChannelCount,
                SampleRate = artifact.SampleRate,
                // The speech index is not audio: it has no channels to map; a stem is one person's mono channel.
                Channels = artifact.Format == ArtifactFormats.SpeechJson ? []
                    : artifact.ParticipantIdentity is { } person ? RoomMixTimelines.StemChannel(command.Timeline, person)
                    : command.Channels,
                ParticipantIdentity = artifact.ParticipantIdentity,
            });
        }

        manifest.SetRoomMix(new RoomMix
        {
            Status = RoomMixStatuses.Completed,
            MergedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
            Layout = command.Layout,
            ChannelCount = command.Artifacts.FirstOrDefault(a => a.Format != ArtifactFormats.SpeechJson && a.ParticipantIdentity is null)?.ChannelCount,
            Loudness = command.Loudness is { } loudness ? RoomMixLoudnessOf(loudness) : null,
            Channels = command.Channels.Select(c => new RoomMixChannel(c.Channel, c.ParticipantIds)
            {
                // Mixers that predate ParticipantIdentities leave it empty: the time map knows whose ids they are.
                ParticipantIdentities = c.ParticipantIdentities.Count > 0 ? c.ParticipantIdentities : RoomMixTimelines.IdentitiesOf(command.Timeline, c.ParticipantIds),
            }).ToList(),
            Timeline = command.Timeline is { } timeline ? RoomMixTimelines.Of(timeline, relativeUris ? key => RelativeTo(command.ManifestPath, key) : key => key) : null,
            Artifacts = command.Artifacts.Zip(published, (staged, final) => new RoomMixArtifact
            {
                Format = staged.Format,
                Filename = Path.GetFileName(staged.FinalKey),
                StorageUri = final.StorageUri,
                Size = staged.Size,
                DurationMs = staged.DurationMs,
                Sha256 = staged.Sha256,
                ChannelCount = staged.ChannelCount,
                SampleRate = staged.SampleRate,
                ParticipantIdentity = staged.ParticipantIdentity,
            }).ToList(),
        });
        await ManifestStore.WriteAsync(recordings, counted.Stores.MergedManifestKey(command.ManifestPath), manifest, cancellationToken);
        await CleanStagingAsync(command.StagingPrefix, cancellationToken);
        return new PublishedMix(published, counted.Transfer());
    }

    public async Task RecordFailureAsync(RecordMergeFailure command, CancellationToken cancellationToken)
    {
        await CleanStagingAsync(command.StagingPrefix, cancellationToken);
        Manifest manifest;
        try
        {
            manifest = await ManifestStore.ReadForFailureAsync(stores.Recordings, command.ManifestPath, cancellationToken);
        }
        catch (PermanentMergeException unreadable)
        {
            // A manifest we cannot read is an input we must not touch.
            logger.LogWarning("Job {JobId}: failure not recorded in the manifest: {Reason}", command.JobId, unreadable.Message);
            return;
        }

        manifest.SetRoomMix(FailedMerge(manifest.RoomMix, command.Reason));
        await ManifestStore.WriteAsync(stores.Recordings, stores.MergedManifestKey(command.ManifestPath), manifest, cancellationToken);
    }

    /// <summary>
    /// A failure never destroys a good earlier mix: its files are still there, so room_mix keeps listing them and
    /// the failure goes to room_mix.last_attempt. Without an earlier mix, room_mix itself reads failed.
    /// </summary>
    public static RoomMix FailedMerge(RoomMix? earlier, string reason)
    {
        if (earlier is { Status: RoomMixStatuses.Completed, Artifacts.Count: > 0 })
        {
            return earlier with
            {
                LastAttempt = new RoomMixAttempt(RoomMixStatuses.Failed, reason, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000),
            };
        }
        return new RoomMix { Status = RoomMixStatuses.Failed, Error = reason, Artifacts = [] };
    }

    private static async Task MoveToFinalAsync(MergeStores stores, StagedArtifact artifact, CancellationToken cancellationToken)
    {
        var staged = await stores.Staging.StatAsync(artifact.StagingKey, cancellationToken);
        if (staged is null)
        {
            // A repeated publish after staging was cleaned: fine only if the final object is already in place.
            var existing = await stores.Recordings.StatAsync(artifact.FinalKey, cancellationToken);
            if (existing is not null && existing.Size == artifact.Size) return;
            throw new EarlierWorkGoneException($"staged mix is missing: {artifact.StagingKey}");
        }

        await StorageTransfer.CopyAsync(stores.Staging, artifact.StagingKey, stores.Recordings, artifact.FinalKey,
            cancellationToken);
    }

    private static RoomMixLoudness RoomMixLoudnessOf(MixLoudness loudness) => new()
    {
        Mode = loudness.Mode,
        TargetLufs = loudness.TargetLufs,
        MaxGainDb = loudness.MaxGainDb,
        Participants = [.. loudness.Participants.Select(p => new RoomMixParticipantLoudness
        {
            ParticipantId = p.ParticipantId,
            Identity = p.Identity,
            SpeechLufs = p.SpeechLufs,
            GainDb = p.GainDb,
            TruePeakDbtp = p.TruePeakDbtp,
            SpeechMs = p.SpeechMs,
        })],
    };

    private Task CleanStagingAsync(string prefix, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(prefix)
            ? Task.CompletedTask
            : StorageTransfer.DeletePrefixAsync(stores.Staging, prefix + "/", cancellationToken);

    /// <summary>Mirror the egress: if its own storage_uris are bare names, ours are too.</summary>
    private static bool UsesRelativeUris(Manifest manifest) =>
        manifest.Participants.SelectMany(p => p.Artifacts).All(a => !a.StorageUri.Contains('/'));

    private static string RelativeTo(string manifestKey, string key)
    {
        var directory = manifestKey.Contains('/') ? manifestKey[..(manifestKey.LastIndexOf('/') + 1)] : "";
        return key.StartsWith(directory, StringComparison.Ordinal) ? key[directory.Length..] : key;
    }
}
