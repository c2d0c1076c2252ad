namespace MergeBus.Ingest.Components.LiveKit.Jobs;

/// <summary>
/// A LiveKit room's job id comes from its sid alone, so a settle pass that runs twice (or on two replicas) names
/// the same job, and the saga treats a second submission as the repeat it is.
/// </summary>
public static class LiveKitJobIds
{
    public const string Prefix = "livekit_";

    public static string For(string roomSid) => Prefix + roomSid;
}
