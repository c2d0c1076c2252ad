using MergeBus.Configuration;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Mixing;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>
/// What every worker knows about itself: MERGE_WORKER_ID, MERGE_TMP_DIR (plain variables, spec §5),
/// mergebus.default_layout and mergebus.loudness.
/// </summary>
public static class WorkerSettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "mergebus.default_layout", "mergebus.loudness", "mergebus.loudness.mode", "mergebus.loudness.target",
        "mergebus.loudness.max_gain");

    public static WorkerSettings Bind(ConfigurationValues values)
    {
        var env = values.Environment;
        return new WorkerSettings
        {
            WorkerId = env.TryGetValue("MERGE_WORKER_ID", out var id) && id.Length > 0 ? id : Environment.MachineName,
            TempDirectory = env.TryGetValue("MERGE_TMP_DIR", out var tmp) && tmp.Length > 0
                ? tmp
                : Path.Combine(Path.GetTempPath(), "mergebus"),
            DefaultLayout = Layout(values),
            Loudness = Loudness(values),
        };
    }

    private static string Layout(ConfigurationValues values)
    {
        var layout = values.Get("mergebus.default_layout") ?? MixLayouts.Mix;
        if (!MixLayouts.All.Contains(layout))
            throw new ConfigurationException("mergebus.default_layout", $"must be one of {string.Join(", ", MixLayouts.All)}");
        return layout;
    }

    /// <summary>mergebus.loudness: off | speech (or, as a section, .mode), with .target (LUFS) and .max_gain (dB).</summary>
    private static LoudnessOptions Loudness(ConfigurationValues values)
    {
        var key = values.Get("mergebus.loudness") is null ? "mergebus.loudness.mode" : "mergebus.loudness";
        var mode = (values.Get(key) ?? LoudnessModes.Off).Trim().ToLowerInvariant();
        if (!LoudnessModes.All.Contains(mode))
            throw new ConfigurationException(key, $"must be one of {string.Join(", ", LoudnessModes.All)}");
        return new LoudnessOptions
        {
            Mode = mode,
            TargetLufs = values.Double("mergebus.loudness.target", LoudnessOptions.DefaultTargetLufs, -70, 0),
            MaxGainDb = values.Double("mergebus.loudness.max_gain", LoudnessOptions.DefaultMaxGainDb, 0, 60),
        };
    }
}
