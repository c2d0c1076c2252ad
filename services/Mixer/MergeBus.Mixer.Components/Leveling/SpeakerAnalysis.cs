using MergeBus.Media.Speech;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>
/// The speech index and speaker leveling around one mix. Without leveling the mix's own decode feeds the analyzers
/// through its tap, at no extra decode. With leveling a measuring decode runs first, each input gets its one static
/// gain (<see cref="MixInput.Gain"/>), and the index comes from that same measurement.
/// </summary>
internal sealed class SpeakerAnalysis : IDisposable
{
    private readonly MixRequest request;
    private readonly AnalyzingTap tap;
    private IReadOnlyList<TrackAnalysis>? measured;

    private SpeakerAnalysis(IReadOnlyList<TrackSource> sources, MixRequest request)
    {
        this.request = request;
        Sources = sources;
        tap = new AnalyzingTap(sources, measureTruePeak: request.Loudness.Levels, request.OutputDirectory);
    }

    /// <summary>The inputs to mix, with their leveling gains.</summary>
    public IReadOnlyList<TrackSource> Sources { get; private set; }

    /// <summary>What analyzes the mix's own decode: the index's analyzers, unless a measuring pass already filled them.</summary>
    public AnalyzingTap? MixAnalysis => measured is null ? tap : null;

    public static async Task<SpeakerAnalysis> PrepareAsync(IReadOnlyList<TrackSource> sources, MixRequest request, CancellationToken cancellationToken)
    {
        var analysis = new SpeakerAnalysis(sources, request);
        try
        {
            if (request.Loudness.Levels)
            {
                await MeasuringPass.RunAsync(sources, analysis.tap, cancellationToken).ConfigureAwait(false);
                var measured = analysis.tap.Analyzers.Select(a => a.Analyze()).ToList();
                analysis.measured = measured;
                analysis.Sources = [.. sources.Select((s, i) => s with { Input = SpeakerLeveling.WithGain(s.Input, SpeakerLeveling.Level(s.Input, measured[i], request.Loudness)) })];
            }

            return analysis;
        }
        catch
        {
            analysis.Dispose();
            throw;
        }
    }

    /// <summary>The analyzers' frame logs are files: close them.</summary>
    public void Dispose() => tap.Dispose();

    /// <summary>Writes speech.json to <paramref name="path"/> (after the mix) and returns each input's level.</summary>
    public IReadOnlyList<SpeakerLevel> WriteIndex(string path)
    {
        var analyses = measured ?? [.. tap.Analyzers.Select(a => a.Analyze())];
        SpeakerLeveling.WriteIndex(path, request.Inputs, analyses);
        return [.. request.Inputs.Select((input, i) => SpeakerLeveling.Level(input, analyses[i], request.Loudness))];
    }
}
