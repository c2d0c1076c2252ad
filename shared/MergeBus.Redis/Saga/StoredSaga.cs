namespace MergeBus.Redis.Saga;

/// <summary>A saga as read from Redis.</summary>
/// <param name="Instance">The saga document.</param>
/// <param name="IsCompleted">
/// MassTransit removed it (SetCompletedWhenFinalized); it is kept only for the retention period and is invisible
/// to message correlation.
/// </param>
/// <param name="TimeToLive">Time left before Redis expires it; null while the saga is running.</param>
public sealed record StoredSaga<TSaga>(TSaga Instance, bool IsCompleted, TimeSpan? TimeToLive)
    where TSaga : class;
