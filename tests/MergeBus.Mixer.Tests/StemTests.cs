using MergeBus.Media.Analysis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Mixer.Tests;

/// <summary>Stems: one aligned mono file per person and format, written in the mix's own pass.</summary>
public sealed class StemTests(SyntheticSessionFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticSessionFixture>, IAsyncLifetime
{
    private readonly TempFolder folder = new("stems");
    private MixResult result = null!;
    private readonly Dictionary<string, DecodedAudio> decoded = [];

    public async Task InitializeAsync()
    {
        var request = SessionMixing.Request(fixture.Session, MixLayouts.Mix, [OutputFormats.WavPcm, OutputFormats.OggOpus], folder.Path) with { Stems = true };
        result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
        foreach (var file in result.Outputs.Concat(result.Stems))
        {
            decoded[file.Path] = await DecodedAudio.DecodeAsync(file.Path);
        }
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void There_is_one_stem_per_person_per_format_named_after_the_mix_and_the_persons_index()
    {
        var people = fixture.Session.Participants.Count;

        Assert.Equal(people * 2, result.Stems.Count);
        Assert.Equal(
            SessionMixing.Inputs(fixture.Session).Select(i => i.PersonKey).Order(),
            result.Stems.Where(s => s.Format == OutputFormats.WavPcm).Select(s => s.ParticipantIdentity!).Order());
        Assert.All(result.Stems, s => Assert.Matches(@"room_mix_\d{3}\.(wav|ogg)$", s.Path));
        Assert.All(result.Stems, s => Assert.True(File.Exists(s.Path)));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.partial-*"));
    }

    [Fact]
    public void Every_stem_is_mono_and_exactly_the_mixs_length_in_its_format()
    {
        foreach (var stem in result.Stems)
        {
            var mix = decoded[result.Outputs.Single(o => o.Format == stem.Format).Path];
            var audio = decoded[stem.Path];
            output.WriteLine($"{Path.GetFileName(stem.Path)}: {audio.Samples} samples, mix {mix.Samples}");
            Assert.Equal(1, audio.ChannelCount);
            Assert.Equal(mix.Samples, audio.Samples);
            Assert.Equal(stem.DurationMs, result.Outputs[0].DurationMs);
        }
    }

    /// <summary>Outside the moments everyone shouts at once, each burst is loud in its speaker's stem and silent in every other.</summary>
    [Fact]
    public void Each_persons_bursts_are_in_their_own_stem_only()
    {
        var stems = result.Stems.Where(s => s.Format == OutputFormats.WavPcm).ToDictionary(s => s.ParticipantIdentity!, s => decoded[s.Path][0]);
        var keyOf = SessionMixing.Inputs(fixture.Session).ToDictionary(i => i.ParticipantId, i => i.PersonKey);
        var misses = new List<string>();
        foreach (var burst in fixture.Session.Bursts.Where(b => !b.IsShout))
        {
            var (from, to) = (burst.StartSeconds + 0.02, burst.EndSeconds - 0.02);
            foreach (var (person, stem) in stems)
            {
                var level = ToneMeasure.RmsDbfs(stem, from, to);
                var own = person == keyOf[burst.ParticipantId];
                if (own ? level < ToneMeasure.SineRmsDbfs(burst.Amplitude) - 1 : level > -60)
                {
                    misses.Add($"{burst.ParticipantId} burst at {burst.StartSeconds:F2} s: {level:F1} dBFS in {person}'s stem");
                }
            }
        }

        Assert.Empty(misses);
    }
}
