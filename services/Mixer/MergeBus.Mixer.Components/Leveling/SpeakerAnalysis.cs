using System.Runtime.ExceptionServices;
using MergeBus.Media.Speech;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>
/// The speech index and speaker leveling around one mix, per person (<see cref="MixPeople"/>). Without leveling the
/// mix's own decode feeds the analyzers through its tap, at no extra decode. With leveling the inputs are decoded
/// first (in parallel, their PCM kept in <see cref="PcmSpool"/>s that the mix replays, so each input is still decoded
/// once), each person gets one static gain measured over all of their fragments together, as the delivered file
/// will carry them (<see cref="ChannelRouting.Views"/>), and the index comes from that same measurement.
/// </summary>
internal sealed class SpeakerAnalysis : IDisposable
{
    private readonly MixRequest request;
    private readonly MixPeople people;
    private readonly AnalyzingTap tap;
    private readonly List<PcmSpool> spools = [];
    private IReadOnlyList<TrackAnalysis>? measured;

    private SpeakerAnalysis(IReadOnlyList<TrackSource> sources, MixRequest request, ChannelRouting routing, MixPeople people)
    {
        this.request = request;
        this.people = people;
        Sources = sources;
        tap = new AnalyzingTap(sources, measureTruePeak: request.Loudness.Levels, request.OutputDirectory, routing.Views);
    }

    /// <summary>The inputs to mix, with their leveling gains (mix and stem).</summary>
    public IReadOnlyList<TrackSource> Sources { get; private set; }

    /// <summary>What analyzes the mix's own decode: the index's analyzers, unless a measuring pass already filled them.</summary>
    public AnalyzingTap? MixAnalysis => measured is null ? tap : null;

    public static async Task<SpeakerAnalysis> PrepareAsync(IReadOnlyList<TrackSource> sources, MixRequest request, ChannelRouting routing, MixPeople people, CancellationToken cancellationToken)
    {
        var analysis = new SpeakerAnalysis(sources, request, routing, people);
        try
        {
            if (request.Loudness.Levels)
            {
                if (KeepsPcm(sources, FreeBytes(request.OutputDirectory)))
                {
                    sources = [.. sources.Select(s => s with { Spool = analysis.NewSpool(request.OutputDirectory) })];
                }

                await MeasuringPass.RunAsync(sources, analysis.tap, cancellationToken).ConfigureAwait(false);
                var measured = analysis.ByPerson();
                analysis.measured = measured;
                analysis.Sources = [.. sources.Select((s, i) => SpeakerLeveling.WithGains(s, measured[people.PersonOf[i]], request.Loudness))];
            }

            return analysis;
        }
        catch
        {
            analysis.Dispose();
            throw;
        }
    }

    /// <summary>The analyzers' frame logs and the decoded PCM are files: close them (that frees their disk).</summary>
    public void Dispose()
    {
        tap.Dispose();
        spools.ForEach(s => s.Dispose());
    }

    /// <summary>Writes speech.json to <paramref name="path"/> (after the mix) and returns each person's level.</summary>
    public IReadOnlyList<SpeakerLevel> WriteIndex(string path)
    {
        var analyses = measured ?? ByPerson();
        SpeakerLeveling.WriteIndex(path, request.Inputs, people, analyses);
        return [.. Enumerable.Range(0, people.Count).Select(p => SpeakerLeveling.Level(request.Inputs, people, p, analyses[p], request.Loudness))];
    }

    /// <summary>
    /// Whether the decoded PCM of every input (its Ogg packets' samples, else its probed length) fits in half the free
    /// disk, the other half left for the outputs and everyone else. When it does not, the mix decodes every input a
    /// second time, as before the PCM was kept: slower, but a long session never fills the disk.
    /// </summary>
    internal static bool KeepsPcm(IReadOnlyList<TrackSource> sources, long freeBytes) =>
        sources.Sum(s => (double)Math.Max(0, s.Timeline?.ConcatenatedDecodedSamples ?? s.Probe.TimelineSamples48k) * s.Channels * sizeof(float)) <= freeBytes / 2.0;

    internal static long FreeBytes(string directory)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0; // Unknown: decode twice rather than risk the disk.
        }
    }

    private PcmSpool NewSpool(string directory)
    {
        var spool = new PcmSpool(directory);
        spools.Add(spool);
        return spool;
    }

    /// <summary>
    /// Each person's speech and loudness, from their analyzers' frame logs. People are independent (an analyzer
    /// belongs to one person), so they are read back on every core: one at a time, one core sat idle after the mix
    /// while 16 speakers' logs were read and segmented (issue 22). The first failure, in person order, is thrown as is.
    /// </summary>
    private List<TrackAnalysis> ByPerson()
    {
        var analyses = new TrackAnalysis[people.Count];
        var failures = new Exception?[people.Count];
        Parallel.For(0, people.Count, p =>
        {
            try
            {
                analyses[p] = TrackAnalyzer.AnalyzeTogether([.. people.InputsOf[p].Select(i => tap.Analyzers[i])]);
            }
            catch (Exception e)
            {
                failures[p] = e;
            }
        });
        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return [.. analyses];
    }
}
