using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Fetcher.Components;

/// <summary>
/// A layout and format that cannot hold the session fail at plan time, before the Mixer decodes anything: FLAC
/// stops at 8 channels, and per_participant has one channel per person.
/// </summary>
public static class OutputChannels
{
    public const int MaxFlacChannels = 8;

    public static void Check(MixPlan plan)
    {
        if (plan.Layout != MixLayouts.PerParticipant || !plan.Formats.Contains(OutputFormats.Flac)) return;
        var people = plan.Tracks.Select(t => PersonKeys.Of(t.ParticipantIdentity, t.ParticipantId)).Distinct().Count();
        if (people > MaxFlacChannels)
            throw new PermanentMergeException(
                $"flac holds at most {MaxFlacChannels} channels and this per_participant mix has {people} people; choose wav_pcm for this layout");
    }
}
