using MergeBus.Media.Analysis;
using MergeBus.Media.Ogg;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

/// <summary>The two seams other features build on: a gain per input, and a tap on each input's placed audio.</summary>
public sealed class MixSeamTests(SyntheticSessionFixture fixture) : IAsyncLifetime, IClassFixture<SyntheticSessionFixture>
{
    private readonly TempFolder folder = new("seams");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_input_gain_of_one_half_lowers_that_speaker_by_6_dB_and_nobody_else()
    {
        var unity = await fixture.MixAsync("per_participant", ["wav_pcm"]);
        var inputs = SessionMixing.Inputs(fixture.Session);
        var halved = inputs[1] with { Gain = 0.5f };
        inputs[1] = halved;
        var result = await new RoomMixBuilder().BuildAsync(
            new MixRequest(inputs, "per_participant", ["wav_pcm"], 48000, 2, folder.Path, "room_mix"), null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);

        var burst = fixture.Session.Bursts.First(b => b.ParticipantId == halved.ParticipantId && !b.IsShout);
        var other = fixture.Session.Bursts.First(b => b.ParticipantId == inputs[0].ParticipantId && !b.IsShout);
        var change = ToneMeasure.RmsDbfs(audio[1], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05)
            - ToneMeasure.RmsDbfs(unity.Decoded["wav_pcm"][1], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05);
        var otherChange = ToneMeasure.RmsDbfs(audio[0], other.StartSeconds + 0.05, other.EndSeconds - 0.05)
            - ToneMeasure.RmsDbfs(unity.Decoded["wav_pcm"][0], other.StartSeconds + 0.05, other.EndSeconds - 0.05);

        Assert.InRange(change, -6.02 - 0.1, -6.02 + 0.1);
        Assert.InRange(otherChange, -0.05, 0.05);
    }

    [Fact]
    public async Task The_tap_sees_each_input_in_timeline_order_starting_at_its_first_packet()
    {
        var tap = new RecordingTap();
        var inputs = SessionMixing.Inputs(fixture.Session);
        await new RoomMixBuilder().BuildAsync(
            new MixRequest(inputs, "mix", ["wav_pcm"], 48000, 2, folder.Path, "room_mix") { Tap = tap }, null, CancellationToken.None);

        for (var i = 0; i < inputs.Count; i++)
        {
            var timeline = OpusTimeline.Read(inputs[i].LocalPath);
            var expectedFirst = inputs[i].OffsetSamples + timeline.Segments[0].TimelineStart;
            var blocks = tap.Blocks.Where(b => b.Input == i).ToList();

            Assert.InRange(expectedFirst, blocks[0].Start, blocks[0].Start + blocks[0].Frames - 1);
            Assert.True(tap.FirstSound[i] >= expectedFirst, $"input {i} sounds at {tap.FirstSound[i]}, before its first packet at {expectedFirst}");
            Assert.True(blocks.Zip(blocks.Skip(1)).All(p => p.First.Start + p.First.Frames <= p.Second.Start), "blocks out of order");
            Assert.InRange(blocks[^1].Start + blocks[^1].Frames, inputs[i].OffsetSamples + timeline.EndSamples - 1, inputs[i].OffsetSamples + timeline.EndSamples);
        }
    }

    private sealed class RecordingTap : IMixTap
    {
        public List<(int Input, long Start, int Frames)> Blocks { get; } = [];

        public Dictionary<int, long> FirstSound { get; } = [];

        public void OnInputBlock(int inputIndex, long timelineStart, ReadOnlySpan<float> samples, int channels)
        {
            Blocks.Add((inputIndex, timelineStart, samples.Length / channels));
            if (!FirstSound.ContainsKey(inputIndex))
            {
                for (var f = 0; f < samples.Length / channels; f++)
                {
                    if (samples[f * channels] != 0)
                    {
                        FirstSound[inputIndex] = timelineStart + f;
                        break;
                    }
                }
            }
        }
    }
}
