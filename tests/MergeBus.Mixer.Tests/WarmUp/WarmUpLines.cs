using MergeBus.Mixer.Components.WarmUp;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Tests.WarmUp;

/// <summary>The warm-up's log lines, level and text, as an operator would read them.</summary>
internal sealed class WarmUpLines : ILogger<MixerWarmUp>
{
    public List<(LogLevel Level, string Text)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
    }
}
