using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class InputSelectionTests
{
    private static ManifestArtifact Artifact(string format, string uri) => new() { Format = format, StorageUri = uri };

    [Fact]
    public void The_ogg_opus_artifact_is_chosen_even_when_it_is_not_first()
    {
        var participant = new ManifestParticipant { Artifacts = [Artifact("wav_pcm", "a.wav"), Artifact("ogg_opus", "a.ogg")] };

        Assert.Equal("a.ogg", InputSelection.Choose(participant)?.StorageUri);
    }

    [Fact]
    public void Without_an_ogg_opus_artifact_the_first_one_is_chosen()
    {
        var participant = new ManifestParticipant { Artifacts = [Artifact("wav_pcm", "a.wav"), Artifact("flac", "a.flac")] };

        Assert.Equal("a.wav", InputSelection.Choose(participant)?.StorageUri);
    }

    [Fact]
    public void A_participant_without_artifacts_contributes_nothing() =>
        Assert.Null(InputSelection.Choose(new ManifestParticipant()));
}
