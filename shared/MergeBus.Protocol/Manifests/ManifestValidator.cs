using System.Text.RegularExpressions;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Protocol.Manifests;

/// <summary>The checks a manifest must pass before anything is downloaded. Each failure is permanent.</summary>
public static partial class ManifestValidator
{
    public static readonly IReadOnlySet<int> SampleRates = new HashSet<int> { 8000, 16000, 24000, 32000, 44100, 48000 };

    public static void Validate(Manifest manifest, MergeLimits limits)
    {
        if (!SampleRates.Contains(manifest.SampleRate))
            throw new PermanentMergeException(
                $"manifest sample_rate {manifest.SampleRate} is not one of {string.Join(", ", SampleRates)}");
        if (manifest.ChannelCount is not (1 or 2))
            throw new PermanentMergeException($"manifest channel_count {manifest.ChannelCount} is not 1 or 2");
        OutputFormats.Validate(manifest.Formats);
        if (manifest.StartedAt < 0 || manifest.EndedAt < 0)
            throw new PermanentMergeException("manifest started_at/ended_at must not be negative");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var withAudio = 0;
        foreach (var participant in manifest.Participants)
        {
            var id = participant.ParticipantId;
            if (string.IsNullOrEmpty(id))
                throw new PermanentMergeException("a manifest participant has no participant_id");
            if (!seen.Add(id))
                throw new PermanentMergeException($"participant {id} appears more than once in the manifest");
            if (participant.JoinedAt < 0 || participant.LeftAt < 0 || participant.ClockSync?.ServerTimestamp < 0)
                throw new PermanentMergeException($"participant {id} has a negative timestamp");

            if (InputSelection.Choose(participant) is not { } input) continue;
            withAudio++;
            ValidateInput(id, input, limits);
        }

        if (withAudio == 0)
            throw new PermanentMergeException("manifest has no participants with audio");
        if (withAudio > limits.MaxParticipants)
            throw new PermanentMergeException(
                $"manifest has {withAudio} participants with audio, more than MaxParticipants ({limits.MaxParticipants}) " +
                "of mergebus.limits.max_participants");
    }

    private static void ValidateInput(string participantId, ManifestArtifact input, MergeLimits limits)
    {
        if (!OutputFormats.All.Contains(input.Format.ToLowerInvariant()))
            throw new PermanentMergeException(
                $"participant {participantId} has an artifact of unknown format '{KeyPaths.Shorten(input.Format)}'");
        if (input.Size < 0)
            throw new PermanentMergeException($"participant {participantId} has an artifact with a negative size");
        if (input.Size > limits.MaxInputBytes)
            throw new PermanentMergeException(
                $"participant {participantId} has an artifact of {input.Size} bytes, more than the limit {MergeLimits.MaxInputBytesSetting} = {limits.MaxInputBytes} bytes");
        if (!Sha256Hex().IsMatch(input.Sha256))
            throw new PermanentMergeException($"participant {participantId} has an artifact without a valid sha256");
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
