namespace MergeBus.LiveKit.Wire;

/// <summary>LiveKit's <c>EgressStatus</c> names, in enum order, and how far along each is.</summary>
public static class EgressStatuses
{
    public const string Starting = "EGRESS_STARTING";
    public const string Active = "EGRESS_ACTIVE";
    public const string Ending = "EGRESS_ENDING";
    public const string Complete = "EGRESS_COMPLETE";
    public const string Failed = "EGRESS_FAILED";
    public const string Aborted = "EGRESS_ABORTED";
    public const string LimitReached = "EGRESS_LIMIT_REACHED";

    internal static readonly string[] ByNumber = [Starting, Active, Ending, Complete, Failed, Aborted, LimitReached];

    /// <summary>An egress in one of these has stopped for good; only <see cref="Complete"/> is mixed.</summary>
    public static bool IsEnded(string status) =>
        status is Complete or Failed or Aborted or LimitReached;

    /// <summary>
    /// Ordering for "the most advanced status wins": a late egress_updated(ACTIVE) never undoes an
    /// egress_ended. Unknown names rank with STARTING.
    /// </summary>
    public static int Rank(string status) => status switch
    {
        Active => 1,
        Ending => 2,
        Complete or Failed or Aborted or LimitReached => 3,
        _ => 0,
    };
}
