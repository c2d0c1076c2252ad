using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>Maps the saga onto the status JSON the old worker wrote (spec §1).</summary>
public static class JobStatusRecord
{
    public static MergeJob From(MergeJobState saga, string workerId) => new()
    {
        Id = saga.JobId,
        ManifestPath = saga.ManifestPath,
        SessionId = saga.SessionId,
        Encryption = saga.EncryptionMode.Length > 0 ? new JobEncryption { Mode = saga.EncryptionMode } : null,
        Status = saga.CurrentState switch
        {
            MergeJobStates.Completed => JobStatuses.Completed,
            MergeJobStates.DeadLettered => JobStatuses.Failed,
            MergeJobStates.Initial or "" => JobStatuses.Pending,
            _ => JobStatuses.Running,
        },
        Retries = saga.FailedAttempts,
        CreatedAt = saga.CreatedAt,
        StartedAt = ToUnixNanoseconds(saga.StartedAt),
        CompletedAt = ToUnixNanoseconds(saga.FinishedAt),
        Error = saga.LastError,
        WorkerId = saga.WorkerId.Length > 0 ? saga.WorkerId : workerId,
    };

    private static long ToUnixNanoseconds(DateTimeOffset? time) =>
        time is null ? 0 : (time.Value - DateTimeOffset.UnixEpoch).Ticks * 100;
}
