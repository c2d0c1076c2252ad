using MergeBus.Protocol.Mixing;

namespace MergeBus.Protocol.Manifests;

/// <summary>Spec §2: which of a participant's artifacts goes into the mix.</summary>
public static class InputSelection
{
    /// <summary>The ogg_opus artifact, else the first one; null when the participant has none.</summary>
    public static ManifestArtifact? Choose(ManifestParticipant participant) =>
        participant.Artifacts.FirstOrDefault(a => string.Equals(a.Format, OutputFormats.OggOpus, StringComparison.OrdinalIgnoreCase))
        ?? participant.Artifacts.FirstOrDefault();
}
