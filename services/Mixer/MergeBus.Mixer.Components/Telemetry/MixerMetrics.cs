using System.Diagnostics.Metrics;

namespace MergeBus.Mixer.Components.Telemetry;

/// <summary>How fast this Mixer mixes: seconds of room audio per second of wall time, and mixes in flight.</summary>
public static class MixerMetrics
{
    public const string MeterName = "MergeBus.Mixer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> RealtimeFactor = Meter.CreateHistogram<double>("mergebus.mixer.realtime_factor", null,
        "Seconds of mix produced per second of wall time, one record per successful mix",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
    private static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>("mergebus.mixer.active", "{job}",
        "Mixes running in this Mixer");

    public static void MixStarted() => Active.Add(1);

    public static void MixEnded() => Active.Add(-1);

    public static void Mixed(long mixMilliseconds, TimeSpan wallTime)
    {
        if (wallTime > TimeSpan.Zero && mixMilliseconds > 0)
            RealtimeFactor.Record(mixMilliseconds / 1000.0 / wallTime.TotalSeconds);
    }
}
