namespace MergeBus.Protocol.Manifests;

public static class RoomMixStatuses
{
    public const string Completed = "completed";
    public const string Failed = "failed";
}
