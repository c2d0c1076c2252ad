using System.Diagnostics;
using MergeBus.Contracts;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Components.TimeMaps;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Lkae;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using MergeBus.Steps;
using MergeBus.Storage.Transfers;
using MergeBus.Storage.WorkFolders;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components;

/// <summary>
/// One mix job on this worker: fetch and verify the inputs into a private work folder, build the mix
/// (<see cref="IRoomMixBuilder"/>), encrypt it when the session is encrypted, and stage it. The work folder is
/// always removed, so a retry never reuses half-written files; one left by a killed Mixer is removed by
/// <see cref="MixWorkFolderJanitor"/>.
/// </summary>
public sealed class TrackMixer(MergeStores stores, IJobKeyVault keyVault, IRoomMixBuilder builder, WorkerSettings worker, MergeLimits limits,
    ILogger<TrackMixer> logger) : ITrackMixer
{
    public async Task<TracksMixed> MixAsync(MixTracks command, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        // A hostile timeline must not hold this Mixer slot for longer than its session's length allows.
        var allowed = limits.JobTimeFor(command.Plan.TimelineSamples / 48000.0);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(allowed < LongestTimer ? allowed : LongestTimer);
        try
        {
            return await MixWithinAsync(command, progress, deadline.Token);
        }
        catch (Exception late) when (late is not PermanentMergeException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PermanentMergeException(
                $"the mix took longer than its wall time limit of {allowed.TotalSeconds:F0} s: max({MergeLimits.MinJobTimeSetting} = {limits.MinJobTime}, " +
                $"{MergeLimits.JobTimePerSessionSecondSetting} = {limits.JobTimePerSessionSecond} x the session's {command.Plan.TimelineSamples / 48000.0:F0} s)", late);
        }
    }

    // A timer runs at most 2^32-2 ms; a session that long fails its other limits first.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    private async Task<TracksMixed> MixWithinAsync(MixTracks command, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var plan = command.Plan;
        RefuseOversizedWav(plan);
        var masterKey = plan.Encrypted
            ? await keyVault.GetAsync(command.JobId, cancellationToken)
              ?? throw new PermanentMergeException("the session is encrypted but no master key is available to the Mixer")
            : null;

        var counted = new CountedStores(stores);
        // Locked while the mix runs; a Mixer killed mid-mix leaves it unlocked for the janitor (decrypted inputs).
        using var workFolder = WorkFolder.Create(MixWorkRoot(worker));
        var workDirectory = workFolder.Path;
        // Each run stages under its own folder: a duplicate run of the same try never overwrites what another staged.
        var stagingPrefix = StagingKeys.RunPrefix(command.StagingPrefix, Path.GetFileName(workDirectory));
        var clock = Stopwatch.StartNew();
        var inputs = await ParallelTransfers.RunAsync(plan.Tracks, async (track, index, token) =>
        {
            var localPath = Path.Combine(workDirectory, "in", $"{index:D3}.input");
            await VerifiedDownload.ToFileAsync(counted.Stores.Recordings,
                new ExpectedObject(track.StorageKey, track.Size, track.Sha256), masterKey, localPath, token);
            return new MixInput(track.ParticipantId, localPath, track.OffsetSamples, track.IsAgent) { Identity = track.ParticipantIdentity, TrackId = track.TrackId };
        }, cancellationToken);

        var fetched = clock.Elapsed;
        var outputDirectory = Path.Combine(workDirectory, "out");
        PrivateFiles.CreateFolder(outputDirectory);
        var loudness = new LoudnessOptions
        {
            Mode = LoudnessModes.Validate(plan.Loudness),
            TargetLufs = plan.LoudnessTargetLufs,
            MaxGainDb = plan.LoudnessMaxGainDb,
        };
        var result = await builder.BuildAsync(
            new MixRequest(inputs, plan.Layout, plan.Formats, plan.SampleRate, plan.ChannelCount, outputDirectory, "room_mix") { Loudness = loudness, Stems = plan.Stems },
            progress, cancellationToken);

        var built = clock.Elapsed;
        var staged = result.Outputs.Select(o => (Output: o, FinalKey: FinalKeyOf(plan, o.Format))).ToList();
        if (result.SpeechIndexPath is { } speechIndex)
        {
            // Who spoke when is as sensitive as the mix: an encrypted session's index is encrypted the same way.
            staged.Add((new MixOutput(ArtifactFormats.SpeechJson, speechIndex, result.Outputs[0].DurationMs, 0, 0), FinalKeyOf(plan, ArtifactFormats.SpeechJson)));
        }

        // Stems are staged, encrypted and published exactly like the mix; they are named beside it.
        staged.AddRange(StemsOf(plan, result));
        foreach (var (output, _) in staged.Where(s => s.Output.Format != ArtifactFormats.SpeechJson))
            RefuseOversized(output.Format, new FileInfo(output.Path).Length);

        var artifacts = await ParallelTransfers.RunAsync(staged,
            (output, _, token) => StageAsync(counted.Stores, stagingPrefix, output.Output, output.FinalKey, masterKey, workDirectory, token), cancellationToken);

        // Where a mix step's time goes, for whoever tunes a deployment: the store's round trips or the mix itself.
        logger.LogInformation("Job {JobId}: {Inputs} inputs fetched in {FetchMs:F0} ms, mixed in {MixMs:F0} ms, {Artifacts} artifacts staged in {StageMs:F0} ms",
            command.JobId, inputs.Length, fetched.TotalMilliseconds, (built - fetched).TotalMilliseconds, artifacts.Length, (clock.Elapsed - built).TotalMilliseconds);
        return new TracksMixed
        {
            JobId = command.JobId,
            Attempt = command.Attempt,
            Try = command.Try,
            Artifacts = artifacts,
            Channels = result.Channels,
            DurationMs = result.TimelineSamples * 1000 / 48000,
            WorkerId = worker.WorkerId,
            Warnings = [.. result.Warnings.Select(w => NameParticipants(w, plan)), .. OpusMappingWarnings(result)],
            Loudness = LoudnessOf(loudness, result.Speakers),
            Timeline = TimelineBuilder.Build(plan, result.Speakers),
            Transfer = counted.Transfer(),
        };
    }

    /// <summary>
    /// A WAV's size is known before a sample is mixed (2 bytes per sample, at least one channel): one that could not
    /// fit fails before it fills the disk.
    /// </summary>
    private void RefuseOversizedWav(MixPlan plan)
    {
        if (!plan.Formats.Contains(OutputFormats.WavPcm)) return;
        var samples = (double)plan.TimelineSamples * plan.SampleRate / 48000;
        RefuseOversized(OutputFormats.WavPcm, (long)Math.Min(samples * sizeof(short), long.MaxValue));
    }

    /// <summary>Every other format is measured when built, before anything is staged: nothing of it is published.</summary>
    private void RefuseOversized(string format, long bytes)
    {
        if (bytes > limits.MaxOutputBytes)
            throw new PermanentMergeException(
                $"the {format} mix would be {bytes} bytes, more than the limit {MergeLimits.MaxOutputBytesSetting} = {limits.MaxOutputBytes} bytes");
    }

    /// <summary>Where this Mixer keeps one folder per running mix.</summary>
    public static string MixWorkRoot(WorkerSettings worker) => WorkFolderSweeper.RootOf(worker, MergeSteps.Mix);

    /// <summary>Warnings name the local input file (000.input); support knows the participant.</summary>
    private static string NameParticipants(string warning, MixPlan plan)
    {
        for (var index = 0; index < plan.Tracks.Count; index++)
            warning = warning.Replace($"{index:D3}.input", plan.Tracks[index].ParticipantId, StringComparison.Ordinal);
        return warning;
    }

    private static MixLoudness LoudnessOf(LoudnessOptions options, IReadOnlyList<SpeakerLevel> speakers) => new()
    {
        Mode = options.Mode,
        TargetLufs = options.TargetLufs,
        MaxGainDb = options.MaxGainDb,
        Participants = [.. speakers.Select(s => new ParticipantLoudness
        {
            ParticipantId = s.ParticipantId,
            Identity = s.Identity,
            SpeechLufs = s.SpeechLufs,
            GainDb = s.GainDb,
            TruePeakDbtp = s.TruePeakDbtp,
            SpeechMs = s.SpeechMs,
        })],
    };

    /// <summary>Plans from Fetchers that predate speech.json name no key for it: it goes beside the manifest all the same.</summary>
    private static string FinalKeyOf(MixPlan plan, string format) =>
        plan.OutputKeys.TryGetValue(format, out var planned) ? planned : OutputNaming.SpeechIndexKeyFor(plan.ManifestPath);

    /// <summary>Each stem file with its final key: the mix's name and the person's sanitized identity (<see cref="StemNaming"/>).</summary>
    private static IEnumerable<(MixOutput Output, string FinalKey)> StemsOf(MixPlan plan, MixResult result)
    {
        // Named over every person of the plan in channel order, whatever stems came back: a rerun names each alike.
        var people = plan.Tracks.Select(t => PersonKeys.Of(t.ParticipantIdentity, t.ParticipantId)).ToList();
        foreach (var stem in result.Stems)
        {
            var person = stem.ParticipantIdentity
                ?? throw new InvalidOperationException($"the Mixer returned a {stem.Format} stem that names no person");
            yield return (stem, StemNaming.KeysFor(FinalKeyOf(plan, stem.Format), people)[person]);
        }
    }

    /// <summary>
    /// Above 2 channels Ogg Opus is written with mapping family 255 (uncoupled mono streams): correct, but
    /// opusfile-based players (browsers, many desktop players) refuse to open it. Said in the job's record.
    /// </summary>
    private static IEnumerable<string> OpusMappingWarnings(MixResult result) =>
        result.Outputs.Where(o => o.Format == OutputFormats.OggOpus && o.ChannelCount > 2).Select(o =>
            $"ogg_opus with {o.ChannelCount} channels uses Opus channel mapping family 255, which opusfile-based players refuse; " +
            "for speech-to-text or playback choose wav_pcm or flac");

    private static async Task<StagedArtifact> StageAsync(MergeStores stores, string stagingPrefix, MixOutput output, string finalKey, byte[]? masterKey,
        string workDirectory, CancellationToken cancellationToken)
    {
        var stagingKey = StagingKeys.Key(stagingPrefix, Path.GetFileName(finalKey));
        var storedPath = output.Path;
        if (masterKey is not null)
        {
            // The mix of an encrypted session is encrypted too, with a fresh data key (spec §4).
            storedPath = Path.Combine(workDirectory, Path.GetFileName(output.Path) + ".lkae");
            await using var plain = File.OpenRead(output.Path);
            await using var sealedFile = File.Create(storedPath);
            await LkaeWriter.EncryptAsync(plain, sealedFile, masterKey, cancellationToken);
        }

        var (size, sha256) = await FileDigest.ComputeAsync(storedPath, cancellationToken);
        await stores.Staging.PutFileAsync(stagingKey, storedPath, cancellationToken);
        return new StagedArtifact
        {
            Format = output.Format,
            StagingKey = stagingKey,
            FinalKey = finalKey,
            Size = size,
            Sha256 = sha256,
            DurationMs = output.DurationMs,
            ChannelCount = output.ChannelCount,
            SampleRate = output.SampleRate,
            ParticipantIdentity = output.ParticipantIdentity,
        };
    }
}
