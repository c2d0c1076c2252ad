using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Tests;

/// <summary>An offset and a timeline that add up past 2^63 are bad input, never a track that wraps negative and goes silent.</summary>
public sealed class PlacementOverflowTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("placement-overflow");
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 2, Seed = 5 });

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_track_placed_so_that_its_end_passes_2_to_the_63_fails_permanently_and_leaves_no_output()
    {
        var output = folder.File("out");
        var inputs = SessionMixing.Inputs(session);
        inputs[1] = inputs[1] with { OffsetSamples = long.MaxValue - 1000 };

        var error = await Assert.ThrowsAsync<PermanentMergeException>(() =>
            new RoomMixBuilder().BuildAsync(new MixRequest(inputs, "mix", ["wav_pcm"], 48000, 2, output, "room_mix"), null, CancellationToken.None));

        Assert.Contains("overflows the mix timeline", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }
}
