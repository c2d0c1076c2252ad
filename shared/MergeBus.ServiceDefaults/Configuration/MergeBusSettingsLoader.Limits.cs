using MergeBus.Configuration;
using MergeBus.Protocol.Manifests;

namespace MergeBus.ServiceDefaults.Configuration;

// The limits a job can hit, bound in one place (docs/limits.md lists each with its default and error).
public static partial class MergeBusSettingsLoader
{
    private static readonly string[] LimitKeys =
    [
        "mergebus.limits.max_session_length", "mergebus.limits.max_input_bytes", "mergebus.limits.max_participants",
        MergeLimits.MaxOutputBytesSetting, MergeLimits.MinJobTimeSetting, MergeLimits.JobTimePerSessionSecondSetting,
    ];

    private static MergeLimits Limits(ConfigurationValues values)
    {
        var defaults = new MergeLimits();
        return new MergeLimits
        {
            MaxSessionDuration = Duration(values, "mergebus.limits.max_session_length", defaults.MaxSessionDuration),
            MaxInputBytes = Long(values, "mergebus.limits.max_input_bytes", defaults.MaxInputBytes, min: 1),
            MaxParticipants = Int(values, "mergebus.limits.max_participants", defaults.MaxParticipants, min: 1),
            MaxOutputBytes = Long(values, MergeLimits.MaxOutputBytesSetting, defaults.MaxOutputBytes, min: 1),
            MinJobTime = Duration(values, MergeLimits.MinJobTimeSetting, defaults.MinJobTime),
            JobTimePerSessionSecond = Double(values, MergeLimits.JobTimePerSessionSecondSetting, defaults.JobTimePerSessionSecond, 0, 1000),
        };
    }
}
