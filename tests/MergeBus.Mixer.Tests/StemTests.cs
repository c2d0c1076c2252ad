using MergeBus.Media.Analysis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Mixer.Tests;

/// <summary>Stems: one aligned mono file per person and format, written in the mix's own pass.</summary>
public sealed class StemTests(StemMixFixture fixture, ITestOutputHelper output) : IClassFixture<StemMixFixture>
{
    private MixResult Result => fixture.Result;

    private IReadOnlyDictionary<string, DecodedAudio> Decoded => fixture.Decoded;

    [Fact]
    public void There_is_one_stem_per_person_per_format_named_after_the_mix_and_the_persons_index()
    {
        var people = fixture.Session.Participants.Count;

        Assert.Equal(people * 2, Result.Stems.Count);
        Assert.Equal(
            SessionMixing.Inputs(fixture.Session).Select(i => i.PersonKey).Order(),
            Result.Stems.Where(s => s.Format == OutputFormats.WavPcm).Select(s => s.ParticipantIdentity!).Order());
        Assert.All(Result.Stems, s => Assert.Matches(@"room_mix_\d{3}\.(wav|ogg)$", s.Path));
        Assert.All(Result.Stems, s => Assert.True(File.Exists(s.Path)));
        Assert.Empty(Directory.GetFiles(fixture.OutputDirectory, "*.partial-*"));
    }

    [Fact]
    public void Every_stem_is_mono_and_exactly_the_mixs_length_in_its_format()
    {
        foreach (var stem in Result.Stems)
        {
            var mix = Decoded[Result.Outputs.Single(o => o.Format == stem.Format).Path];
            var audio = Decoded[stem.Path];
            output.WriteLine($"{Path.GetFileName(stem.Path)}: {audio.Samples} samples, mix {mix.Samples}");
            Assert.Equal(1, audio.ChannelCount);
            Assert.Equal(mix.Samples, audio.Samples);
            Assert.Equal(stem.DurationMs, Result.Outputs[0].DurationMs);
        }
    }

    /// <summary>Outside the moments everyone shouts at once, each burst is loud in its speaker's stem and silent in every other.</summary>
    [Fact]
    public void Each_persons_bursts_are_in_their_own_stem_only()
    {
        var stems = Result.Stems.Where(s => s.Format == OutputFormats.WavPcm).ToDictionary(s => s.ParticipantIdentity!, s => Decoded[s.Path][0]);
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
