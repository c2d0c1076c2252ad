using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;
using static MergeBus.Protocol.Tests.Support.ManifestJson;

namespace MergeBus.Protocol.Tests.Manifests;

public class ManifestValidationTests
{
    private static string Reject(JsonObject doc, MergeLimits? limits = null) =>
        Assert.Throws<PermanentMergeException>(() => Alignment.Compute(Parse(doc), limits)).Message;

    [Fact]
    public void A_manifest_without_participants_is_rejected() =>
        Assert.Equal("manifest has no participants with audio", Reject(Session()));

    [Fact]
    public void A_manifest_whose_participants_have_no_artifacts_is_rejected() =>
        Assert.Equal("manifest has no participants with audio", Reject(Session(Participant("PA_a", T0))));

    [Fact]
    public void A_duplicate_participant_id_is_rejected() =>
        Assert.Contains("PA_a appears more than once",
            Reject(Session(Participant("PA_a", T0, Artifact()), Participant("PA_a", T0, Artifact()))));

    [Fact]
    public void A_participant_without_an_id_is_rejected() =>
        Assert.Contains("no participant_id", Reject(Session(Participant("", T0, Artifact()))));

    [Theory]
    [InlineData(22050)]
    [InlineData(0)]
    [InlineData(96000)]
    public void A_sample_rate_outside_the_spec_list_is_rejected(int rate)
    {
        var doc = TwoParticipants();
        doc["sample_rate"] = rate;

        Assert.Contains($"sample_rate {rate}", Reject(doc));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_channel_count_other_than_one_or_two_is_rejected(int channels)
    {
        var doc = TwoParticipants();
        doc["channel_count"] = channels;

        Assert.Contains($"channel_count {channels}", Reject(doc));
    }

    [Fact]
    public void A_negative_joined_at_is_rejected() =>
        Assert.Contains("negative timestamp", Reject(Session(Participant("PA_a", -5, Artifact()))));

    [Fact]
    public void A_negative_artifact_size_is_rejected() =>
        Assert.Contains("negative size", Reject(Session(Participant("PA_a", T0, Artifact(size: -1)))));

    [Fact]
    public void An_artifact_larger_than_the_input_limit_is_rejected_naming_the_limit() =>
        Assert.Contains("more than the limit mergebus.limits.max_input_bytes = 4096 bytes",
            Reject(Session(Participant("PA_a", T0, Artifact(size: 4097))), new MergeLimits { MaxInputBytes = 4096 }));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz88fcaa6d46b10e59d8fe14e2ab78f8faeb28527c8dd643256f73a7c875649e")]
    public void An_artifact_without_a_64_hex_sha256_is_rejected(string sha) =>
        Assert.Contains("valid sha256", Reject(Session(Participant("PA_a", T0, Artifact(sha: sha)))));

    [Fact]
    public void An_input_of_unknown_format_is_rejected() =>
        Assert.Contains("unknown format 'aac'", Reject(Session(Participant("PA_a", T0, Artifact(format: "aac")))));

    [Fact]
    public void An_unknown_output_format_is_rejected()
    {
        var doc = TwoParticipants();
        doc["formats"] = new JsonArray("ogg_opus", "midi");

        Assert.Contains("'midi'", Reject(doc));
    }

    [Fact]
    public void More_participants_with_audio_than_the_limit_is_rejected() =>
        Assert.Contains("MaxParticipants (1)", Reject(TwoParticipants(), new MergeLimits { MaxParticipants = 1 }));
}
