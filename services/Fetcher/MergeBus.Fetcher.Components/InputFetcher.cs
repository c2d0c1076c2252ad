using MergeBus.Configuration.Outputs;
using MergeBus.Contracts;
using MergeBus.Media.Ogg;
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
/// Reads the manifest, reads every chosen input once, proving as it streams in that it is the file the manifest lists
/// (size, sha256, LKAE authentication) and readable audio, and turns it all into a <see cref="MixPlan"/>. Ogg Opus
/// leaves no local copy; a temp copy of anything else lives in a locked work folder removed afterwards, or by
/// <see cref="FetchWorkFolderJanitor"/> when a killed Fetcher left it. The Mixer fetches (and verifies) again, so
/// Fetcher and Mixer can run on different machines.
/// </summary>
public sealed class InputFetcher(
    MergeStores stores,
    IJobKeyVault keyVault,
    ITrackProbe probe,
    WorkerSettings worker,
    MergeLimits limits,
    OutputSettings? outputs = null) : IInputFetcher
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
        var planned = await ParallelTransfers.RunAsync(tracks,
            (track, _, token) => VerifyAsync(recordings, manifestKey, track, masterKey, workDirectory, token), cancellationToken);

        // Positions add up in 128 bits there: a hostile granule fails with its figures instead of wrapping around.
        var timeline = TimelineBounds.Check(manifest, [.. tracks.Zip(planned, (track, p) => (track, p.TimelineSamples))], limits);

        var plan = new MixPlan
        {
            ManifestPath = manifestKey,
            RoomName = manifest.RoomName,
            Layout = layout,
            Formats = formats,
            // A deployment (or the CLI's --sample-rate) may ask for another rate, e.g. 16 kHz for speech-to-text.
            SampleRate = outputs?.SampleRate ?? manifest.SampleRate,
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
            Stems = manifest.Stems || outputs?.Stems == true,
            // Every track's start less its offset is the one reference Alignment placed them all against.
            OriginUnixNs = tracks.Count > 0 ? tracks[0].StartNs - tracks[0].OffsetNs : manifest.StartedAt,
        };
        OutputChannels.Check(plan);
        StemCollisions.Check(plan);
        return new FetchedInputs(plan, counted.Transfer());
    }

    /// <summary>Where this Fetcher keeps one folder per running fetch.</summary>
    public static string FetchWorkRoot(WorkerSettings worker) => WorkFolderSweeper.RootOf(worker, MergeSteps.Fetch);

    private async Task<PlannedTrack> VerifyAsync(IObjectStorage recordings, string manifestKey, AlignedTrack track, byte[]? masterKey,
        string workDirectory, CancellationToken cancellationToken)
    {
        var key = StorageUriResolver.Resolve(manifestKey, track.Artifact.StorageUri, bucket: null);
        TrackProbe probed;
        try
        {
            // One pass: the stored bytes are hashed, decrypted and parsed as they arrive (VerifiedDownload).
            probed = await VerifiedDownload.ReadAsync(recordings, new ExpectedObject(key, track.Artifact.Size, track.Artifact.Sha256),
                masterKey, (plain, token) => ProbeAsync(plain, key, workDirectory, token), cancellationToken);
        }
        catch (PermanentMergeException bad) when (!bad.Message.Contains(key, StringComparison.Ordinal))
        {
            // Decryption errors do not name the file.
            throw new PermanentMergeException($"{key}: {bad.Message}", bad);
        }

        CheckAudio(key, probed);
        return new PlannedTrack
        {
            ParticipantId = track.ParticipantId,
            ParticipantIdentity = track.ParticipantIdentity,
            TrackId = track.Participant.TrackId,
            StorageKey = key,
            Sha256 = track.Artifact.Sha256,
            Size = track.Artifact.Size,
            OffsetSamples = track.OffsetSamples48k,
            StartUnixNs = track.StartNs,
            Anchor = track.Anchor,
            TimelineSamples = probed.TimelineSamples48k,
            IsAgent = track.IsAgent,
            // The Mixer reads the exact holes from the file; what travels is bounded (limits.MaxRunsPerInput).
            AudioRuns = [.. AudioRunCoalescer.Coalesce(probed.AudioRuns, limits.MaxRunsPerInput)
                .Select(r => new AudioRun { StartSamples = r.Start, LengthSamples = r.Length })],
            OverlapsCorrected = probed.OverlapsCorrected,
        };
    }

    /// <summary>Audio we cannot place exactly, or no audio at all, is bad input (docs/limits.md).</summary>
    private void CheckAudio(string key, TrackProbe probed)
    {
        if (!probed.IsOggOpus && !limits.InputSampleRates.Contains(probed.SampleRate))
            throw new PermanentMergeException(
                $"{key}: sample rate {probed.SampleRate} Hz is not one MergeBus places exactly " +
                $"({string.Join(", ", limits.InputSampleRates)}; mergebus.limits.input_sample_rates)");
        if (probed.AudioSamples48k <= 0)
            throw new PermanentMergeException($"{key}: no audio on its timeline (every sample is pre-skip or the file is empty)");
    }

    /// <summary>
    /// Ogg Opus (LiveKit's format) is read page by page straight off the download, with no local copy; anything
    /// else is written to a temp file for ffprobe.
    /// </summary>
    private async Task<TrackProbe> ProbeAsync(Stream plain, string key, string workDirectory, CancellationToken cancellationToken)
    {
        var start = new byte[OpusTimeline.SignatureLength];
        var got = await plain.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        var whole = new PrefixedReadStream(start.AsMemory(0, got), plain);
        if (OpusTimeline.LooksLikeOggOpus(start.AsSpan(0, got)))
        {
            // The page reader asks for each page's header, lacing and body in turn: one 64 KiB read through the
            // hash (and decryption) serves many pages.
            return await Task.Run(() =>
            {
                using var buffered = new BufferedStream(whole, 1 << 16);
                return FfprobeTrackProbe.FromTimeline(OpusTimeline.Read(buffered, key));
            }, cancellationToken);
        }

        Directory.CreateDirectory(workDirectory);
        var localPath = Path.Combine(workDirectory, $"{Guid.NewGuid():N}.input");
        try
        {
            await using (var file = PrivateFiles.CreateFile(localPath))
            {
                await whole.CopyToAsync(file, cancellationToken);
            }

            return await probe.ProbeAsync(localPath, cancellationToken);
        }
        catch (PermanentMergeException bad)
        {
            // The probe only knows the temp file; name the input the user knows.
            throw new PermanentMergeException(bad.Message.Replace(localPath, key, StringComparison.Ordinal)
                .Replace(Path.GetFileName(localPath), key, StringComparison.Ordinal), bad);
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
