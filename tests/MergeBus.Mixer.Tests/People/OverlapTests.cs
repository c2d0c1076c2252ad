using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.People;

/// <summary>Two fragments of one person that overlap in time (two devices): summed on the person's channel, and said so.</summary>
public sealed class OverlapTests : IAsyncLifetime
{
    private const double Amplitude = 0.2;
    private readonly TempFolder folder = new("overlap");
    private MixResult result = null!;
    private DecodedAudio audio = null!;

    public async Task InitializeAsync()
    {
        // carol's laptop covers [0, 3) s, her phone [2, 5) s; both hear her at once in [2.2, 2.6), each at its own pitch.
        var laptop = folder.File("carol-laptop.ogg");
        var phone = folder.File("carol-phone.ogg");
        var dave = folder.File("dave.ogg");
        await ToneFile.WriteOggOpusAsync(laptop, 3, [(2.2, 2.6, 520, Amplitude)]);
        await ToneFile.WriteOggOpusAsync(phone, 3, [(0.2, 0.6, 830, Amplitude)]);
        await ToneFile.WriteOggOpusAsync(dave, 5, [(4.0, 4.5, 1140, Amplitude)]);
        MixInput[] inputs =
        [
            new("PA_carol_laptop", laptop, 0, false) { Identity = "carol" },
            new("PA_dave", dave, 0, false) { Identity = "dave" },
            new("PA_carol_phone", phone, 2 * 48000, false) { Identity = "carol" },
        ];
        var request = new MixRequest(inputs, MixLayouts.PerParticipant, [OutputFormats.WavPcm], 48000, 2, folder.File("out"), "room_mix");
        result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
        audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Overlapping_fragments_of_one_person_share_one_channel()
    {
        Assert.Equal(2, audio.ChannelCount);
        Assert.Equal(["PA_carol_laptop", "PA_carol_phone"], result.Channels[0].ParticipantIds);
    }

    /// <summary>Two equal tones at different pitches sum to twice the power of one: 3 dB above either alone.</summary>
    [Fact]
    public void Where_they_overlap_both_fragments_are_summed()
    {
        var both = ToneMeasure.RmsDbfs(audio[0], 2.3, 2.5);

        Assert.InRange(both, ToneMeasure.SineRmsDbfs(Amplitude) + 3.01 - 0.5, ToneMeasure.SineRmsDbfs(Amplitude) + 3.01 + 0.5);
    }

    [Fact]
    public void A_warning_names_the_person_and_the_overlap_in_ms_of_mix_time()
    {
        var warning = Assert.Single(result.Warnings, w => w.Contains("overlap", StringComparison.Ordinal));

        Assert.Contains("'carol'", warning, StringComparison.Ordinal);
        Assert.Contains("1000 ms", warning, StringComparison.Ordinal);
    }
}
