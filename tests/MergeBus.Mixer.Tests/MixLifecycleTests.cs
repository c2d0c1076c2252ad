using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests;

/// <summary>Progress, cancellation, and names that would break a filtergraph.</summary>
public sealed class MixLifecycleTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("lifecycle");
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 20, Seed = 9 });

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Progress_rises_steadily_to_one()
    {
        var reports = new List<double>();

        await new RoomMixBuilder().BuildAsync(SessionMixing.Request(session, "mix", ["wav_pcm"], folder.File("progress")), new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.True(reports.Count >= 10, $"{reports.Count} reports");
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1]);
    }

    [Fact]
    public async Task Cancelling_a_mix_midway_leaves_no_output_file()
    {
        using var cancel = new CancellationTokenSource();
        var output = folder.File("cancelled");
        var progress = new SynchronousProgress(p =>
        {
            if (p >= 0.3)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new RoomMixBuilder().BuildAsync(SessionMixing.Request(session, "mix", ["ogg_opus", "wav_pcm"], output), progress, cancel.Token));

        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task Cancelling_a_mix_with_stems_midway_leaves_neither_a_mix_nor_a_stem_nor_a_partial_file()
    {
        using var cancel = new CancellationTokenSource();
        var output = folder.File("cancelled-stems");
        var progress = new SynchronousProgress(p =>
        {
            if (p >= 0.3)
            {
                cancel.Cancel();
            }
        });
        var request = SessionMixing.Request(session, "mix", ["ogg_opus", "wav_pcm", "mp3"], output) with { Stems = true };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RoomMixBuilder().BuildAsync(request, progress, cancel.Token));

        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task Participant_ids_and_file_names_full_of_filter_syntax_mix_cleanly()
    {
        const string nasty = @"it's [a],b;c:d=e\f";
        var inputs = SessionMixing.Inputs(session);
        var renamed = folder.File(nasty + ".ogg");
        File.Copy(inputs[0].LocalPath, renamed);
        inputs[0] = inputs[0] with { ParticipantId = nasty, LocalPath = renamed };

        var result = await new RoomMixBuilder().BuildAsync(new MixRequest(inputs, "per_participant", ["ogg_opus"], 48000, 2, folder.File("nasty"), "room_mix"), null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);
        var burst = session.Bursts.First(b => b.ParticipantId == session.Participants.Single(p => p.Path == SessionMixing.Inputs(session)[0].LocalPath).ParticipantId);

        Assert.Equal([nasty], result.Channels[0].ParticipantIds);
        Assert.InRange(ToneMeasure.FindBurst(audio[0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds).Onset, burst.StartSeconds - 0.002, burst.StartSeconds + 0.002);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, now.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
