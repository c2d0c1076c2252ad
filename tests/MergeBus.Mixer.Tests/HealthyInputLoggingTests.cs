using MergeBus.Configuration.Mixer;
using MergeBus.Media.Probing;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Tests;

/// <summary>
/// A healthy input logs nothing at warning level: pre-skip and end trimming are the format working, not a fault,
/// and a warning for them would drown the real ones.
/// </summary>
public sealed class HealthyInputLoggingTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>, IDisposable
{
    private readonly TempFolder folder = new("healthy-logs");

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("mix")]
    [InlineData("per_participant")]
    public async Task Mixing_the_livekit_sample_logs_no_warning(string layout)
    {
        var logger = new RecordingLogger();

        await new RoomMixBuilder(new FfprobeTrackProbe(), logger, new MixerSettings()).BuildAsync(
            new MixRequest(LiveKitSampleTests.Inputs(), layout, ["ogg_opus"], 48000, 2, folder.File(layout), "room_mix"), null, CancellationToken.None);

        Assert.Empty(logger.Warnings);
    }

    [Theory]
    [InlineData("mix")]
    [InlineData("per_participant")]
    public async Task Mixing_a_synthetic_session_with_dtx_holes_logs_no_warning(string layout)
    {
        var logger = new RecordingLogger();

        await new RoomMixBuilder(new FfprobeTrackProbe(), logger, new MixerSettings()).BuildAsync(
            SessionMixing.Request(fixture.Session, layout, ["ogg_opus"], folder.File("synthetic-" + layout)), null, CancellationToken.None);

        Assert.Empty(logger.Warnings);
    }

    /// <summary>Keeps every entry at warning level or above.</summary>
    private sealed class RecordingLogger : ILogger<RoomMixBuilder>
    {
        private readonly List<string> warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (warnings)
                {
                    return [.. warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
