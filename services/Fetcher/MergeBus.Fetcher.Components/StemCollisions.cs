using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Fetcher.Components;

/// <summary>
/// A stem never replaces what the job reads or writes: the manifest, an input, the mix or speech.json. Checked at
/// plan time, where the stem keys are first known, so such a job fails before anything is mixed.
/// </summary>
public static class StemCollisions
{
    public static void Check(MixPlan plan)
    {
        if (!plan.Stems) return;
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [plan.ManifestPath] = "the manifest" };
        foreach (var track in plan.Tracks) taken.TryAdd(track.StorageKey, "an input");
        foreach (var (format, key) in plan.OutputKeys) taken.TryAdd(key, $"the {format} output");

        var people = plan.Tracks.Select(t => PersonKeys.Of(t.ParticipantIdentity, t.ParticipantId)).ToList();
        foreach (var (format, mixKey) in plan.OutputKeys.Where(o => o.Key != MergeBus.Protocol.Mixing.ArtifactFormats.SpeechJson))
        {
            foreach (var (person, stemKey) in StemNaming.KeysFor(mixKey, people))
            {
                if (taken.TryGetValue(stemKey, out var what))
                    throw new PermanentMergeException($"the {format} stem of '{person}' would overwrite {what}: '{stemKey}'");
            }
        }
    }
}
