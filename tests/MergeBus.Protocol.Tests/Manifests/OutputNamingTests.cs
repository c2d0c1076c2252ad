using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Tests.Support;

namespace MergeBus.Protocol.Tests.Manifests;

public class OutputNamingTests
{
    private const string ManifestKey = "call 1/EG_1/manifest.json";

    private static Manifest WithDirectMixPath(string? path)
    {
        var doc = ManifestJson.TwoParticipants();
        if (path is not null) doc["direct_mix_path"] = path;
        return ManifestJson.Parse(doc);
    }

    [Theory]
    [InlineData("ogg_opus", "call 1/EG_1/room_mix_call_1.ogg")]
    [InlineData("wav_pcm", "call 1/EG_1/room_mix_call_1.wav")]
    [InlineData("mp3", "call 1/EG_1/room_mix_call_1.mp3")]
    [InlineData("flac", "call 1/EG_1/room_mix_call_1.flac")]
    public void The_default_mix_lies_beside_the_manifest_named_after_the_sanitized_room(string format, string expected) =>
        Assert.Equal(expected, OutputNaming.KeyFor(ManifestKey, WithDirectMixPath(null), format));

    [Theory]
    [InlineData("final.ogg", "wav_pcm", "call 1/EG_1/final.wav")]
    [InlineData("final.ogg", "ogg_opus", "call 1/EG_1/final.ogg")]
    [InlineData("final", "flac", "call 1/EG_1/final.flac")]
    public void A_direct_mix_path_names_the_mix_with_the_format_extension(string path, string format, string expected) =>
        Assert.Equal(expected, OutputNaming.KeyFor(ManifestKey, WithDirectMixPath(path), format));

    [Theory]
    [InlineData("../other/mix.ogg")]
    [InlineData("sub/mix.ogg")]
    [InlineData("..")]
    [InlineData("a\\b.ogg")]
    public void A_direct_mix_path_that_could_leave_the_manifest_folder_is_rejected(string path)
    {
        var ex = Assert.Throws<PermanentMergeException>(() => OutputNaming.KeyFor(ManifestKey, WithDirectMixPath(path), "ogg_opus"));

        Assert.StartsWith("direct_mix_path escapes the session folder", ex.Message);
    }

    [Theory]
    [InlineData("alice.ogg", "alice.ogg", "ogg_opus")]
    [InlineData("./alice.ogg", "alice.ogg", "ogg_opus")]
    [InlineData("alice.ogg", "ALICE.ogg", "ogg_opus")]
    [InlineData("sub/../alice.wav", "alice.ogg", "wav_pcm")]
    public void A_direct_mix_path_that_names_an_input_is_rejected(string storageUri, string path, string format)
    {
        var doc = ManifestJson.Session(
            ManifestJson.Participant("PA_alice", 0, ManifestJson.Artifact(uri: storageUri)),
            ManifestJson.Participant("PA_bob", 0, ManifestJson.Artifact(uri: "bob.ogg")));
        doc["direct_mix_path"] = path;

        var ex = Assert.Throws<PermanentMergeException>(() => OutputNaming.KeyFor(ManifestKey, ManifestJson.Parse(doc), format));

        Assert.StartsWith($"direct_mix_path '{path}' would overwrite an input", ex.Message);
    }

    [Fact]
    public void A_default_mix_name_that_an_input_already_has_is_rejected()
    {
        var doc = ManifestJson.Session(ManifestJson.Participant("PA_alice", 0, ManifestJson.Artifact(uri: "room_mix_call_1.ogg")));

        var ex = Assert.Throws<PermanentMergeException>(() => OutputNaming.KeyFor(ManifestKey, ManifestJson.Parse(doc), "ogg_opus"));

        Assert.StartsWith("the mix would overwrite an input", ex.Message);
    }

    [Fact]
    public void An_input_named_like_the_speech_index_is_never_overwritten()
    {
        var doc = ManifestJson.Session(ManifestJson.Participant("PA_alice", 0, ManifestJson.Artifact(uri: "speech.json")));

        var ex = Assert.Throws<PermanentMergeException>(() => OutputNaming.KeyFor(ManifestKey, ManifestJson.Parse(doc), "ogg_opus"));

        Assert.StartsWith("speech.json would overwrite an input", ex.Message);
    }

    [Fact]
    public void A_direct_mix_path_that_names_the_manifest_is_rejected()
    {
        var ex = Assert.Throws<PermanentMergeException>(() =>
            OutputNaming.KeyFor("call 1/EG_1/session.wav", WithDirectMixPath("session.wav"), "wav_pcm"));

        Assert.StartsWith("direct_mix_path 'session.wav' would overwrite the manifest", ex.Message);
    }

    [Fact]
    public void An_unknown_format_is_rejected() =>
        Assert.Throws<PermanentMergeException>(() => OutputNaming.KeyFor(ManifestKey, WithDirectMixPath(null), "aac"));

    [Fact]
    public void A_manifest_at_the_bucket_root_puts_the_mix_at_the_root() =>
        Assert.Equal("room_mix_call_1.ogg", OutputNaming.KeyFor("manifest.json", WithDirectMixPath(null), "ogg_opus"));

    [Fact]
    public void Keys_are_given_for_every_requested_format()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["formats"] = new System.Text.Json.Nodes.JsonArray("ogg_opus", "wav_pcm");

        var keys = OutputNaming.KeysFor(ManifestKey, ManifestJson.Parse(doc));

        Assert.Equal(["call 1/EG_1/room_mix_call_1.ogg", "call 1/EG_1/room_mix_call_1.wav"], [keys["ogg_opus"], keys["wav_pcm"]]);
    }

    [Fact]
    public void A_manifest_without_formats_gets_an_ogg_opus_mix()
    {
        var doc = ManifestJson.TwoParticipants();
        doc.Remove("formats");

        Assert.Equal(["ogg_opus"], OutputNaming.FormatsOf(ManifestJson.Parse(doc)));
    }
}
