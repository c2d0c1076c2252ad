using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>Where a track's first packet sits in server time (spec §2).</summary>
public sealed record ClockSync
{
    /// <summary>Server time of the first packet, Unix ns; 0 means unknown.</summary>
    public long ServerTimestamp { get; init; }
    public long RtpClockBase { get; init; }
    public long ClockRate { get; init; }

    internal static ClockSync FromJson(JsonObject o, string path) => new()
    {
        ServerTimestamp = JsonFields.Int64(o, "server_timestamp", path) ?? 0,
        RtpClockBase = JsonFields.Int64(o, "rtp_clock_base", path) ?? 0,
        ClockRate = JsonFields.Int64(o, "clock_rate", path) ?? 0,
    };
}
