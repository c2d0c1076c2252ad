using MergeBus.Contracts;
using MergeBus.Media.Probing;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using MergeBus.Steps;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using MergeBus.Storage.WorkFolders;

namespace MergeBus.Fetcher.Components;

/// <summary>
/// Reads the manifest, downloads every chosen input, proves it is the file the manifest lists (size, sha256, LKAE
/// authentication) and readable audio, and turns it all into a <see cref="MixPlan"/>. Local copies live in a
/// private work folder removed afterwards (the Mixer fetches again, so Fetcher and Mixer can run on different
/// machines); one left by a killed Fetcher is removed by <see cref="FetchWorkFolderJanitor"/>.
/// </summary>
public sealed class InputFetcher(
    MergeStores stores,
    IJobKeyVault keyVault,
    ITrackProbe probe,
    WorkerSettings worker,
    MergeLimits limits) : IInputFetcher
{
    public async Task<FetchedInputs> FetchAsync(FetchInputs command, CancellationToken cancellationToken)
    {
        var counted = new CountedStores(stores);
        var recordings = counted.Stores.Recordings;
        var manifestKey = command.ManifestPath;
        var manifest = await ManifestStore.ReadAsync(recordings, manifestKey, cancellationToken);
        var layout = MixLayouts.Validate(command.Layout ?? worker.DefaultLayout);
        var formats = OutputFormats.Validate(command.Formats is { Count: > 0 } ? command.Formats : manifest.Formats);
        var loudness = LoudnessModes.Validate(command.Loudness ?? manifest.Loudness ?? worker.Loudness.Mode);
        var tracks = Alignment.Compute(manifest, limits);
        var masterKey = await MasterKeyFor(manifest, command.JobId, cancellationToken);

        // Locked while the fetch runs; a Fetcher killed mid-fetch leaves it unlocked for FetchWorkFolderJanitor
        // (a decrypted input may be in it).
        using var workFolder = WorkFolder.Create(FetchWorkRoot(worker));
        var workDirectory = workFolder.Path;
        var planned = new List<PlannedTrack>();
        foreach (var track in tracks)
        {
            planned.Add(await VerifyAsync(recordings, manifestKey, track, masterKey, workDirectory, cancellationToken));
        }

        var timeline = planned.Max(t => t.OffsetSamples + t.TimelineSamples);
        if (timeline > limits.MaxSessionDuration.TotalSeconds * 48000)
        {
            throw new PermanentMergeException(
                $"the session's timeline ({timeline / 48000.0:F0} s) exceeds the maximum session length ({limits.MaxSessionDuration})");
        }

        var plan = new MixPlan
        {
            ManifestPath = manifestKey,
            RoomName = manifest.RoomName,
            Layout = layout,
            Formats = formats,
            SampleRate = manifest.SampleRate,
            ChannelCount = manifest.ChannelCount,
            Encrypted = masterKey is not null,
            OutputKeys = formats.ToDictionary(f => f, f => OutputNaming.KeyFor(manifestKey, manifest, f))
                .Append(KeyValuePair.Create(ArtifactFormats.SpeechJson, OutputNaming.SpeechIndexKeyFor(manifestKey)))
                .ToDictionary(),
            Tracks = planned,
            TimelineSamples = timeline,
            Loudness = loudness,
            LoudnessTargetLufs = worker.Loudness.TargetLufs,
            LoudnessMaxGainDb = worker.Loudness.MaxGainDb,
        };
        return new FetchedInputs(plan, new TransferCounts
        {
            BytesDownloaded = counted.BytesDownloaded,
            BytesUploaded = counted.BytesUploaded,
        });
    }

    /// <summary>Where this Fetcher keeps one folder per running fetch.</summary>
    public static string FetchWorkRoot(WorkerSettings worker) => WorkFolderSweeper.RootOf(worker, MergeSteps.Fetch);

    private async Task<PlannedTrack> VerifyAsync(IObjectStorage recordings, string manifestKey, AlignedTrack track, byte[]? masterKey,
        string workDirectory, CancellationToken cancellationToken)
    {
        var key = StorageUriResolver.Resolve(manifestKey, track.Artifact.StorageUri, bucket: null);
        var localPath = Path.Combine(workDirectory, $"{Guid.NewGuid():N}.input");
        await VerifiedDownload.ToFileAsync(recordings,
            new ExpectedObject(key, track.Artifact.Size, track.Artifact.Sha256), masterKey, localPath, cancellationToken);
        try
        {
            var probed = await probe.ProbeAsync(localPath, cancellationToken);
            return new PlannedTrack
            {
                ParticipantId = track.ParticipantId,
                ParticipantIdentity = track.ParticipantIdentity,
                StorageKey = key,
                Sha256 = track.Artifact.Sha256,
                Size = track.Artifact.Size,
                OffsetSamples = track.OffsetSamples48k,
                TimelineSamples = probed.TimelineSamples48k,
                IsAgent = track.IsAgent,
                AudioRuns = [.. probed.AudioRuns.Select(r => new AudioRun { StartSamples = r.Start, LengthSamples = r.Length })],
                OverlapsCorrected = probed.OverlapsCorrected,
            };
        }
        catch (PermanentMergeException bad)
        {
            // The probe only knows a temp path; name the input the user knows.
            throw new PermanentMergeException($"{key}: {bad.Message.Replace(localPath, "input", StringComparison.Ordinal)}", bad);
        }
        finally
        {
            File.Delete(localPath);
        }
    }

    private async Task<byte[]?> MasterKeyFor(Manifest manifest, string jobId, CancellationToken cancellationToken)
    {
        if (!string.Equals(manifest.Encryption, "aes_256", StringComparison.OrdinalIgnoreCase)) return null;
        return await keyVault.GetAsync(jobId, cancellationToken)
            ?? throw new PermanentMergeException(
                "the session is encrypted (aes_256) but no master key was given with the job or configured");
    }
}
