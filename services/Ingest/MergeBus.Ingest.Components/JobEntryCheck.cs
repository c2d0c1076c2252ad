using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Lkae;
using MergeBus.Redis.Queue;

namespace MergeBus.Ingest.Components;

/// <summary>
/// What a job entry must satisfy before anything else reads, logs or stores it: every field within its limit, and a
/// master key that parses. Every failure is a <see cref="PermanentMergeException"/> with a one-line reason that
/// names the limit and never quotes the field, which may be huge or secret.
/// </summary>
public static class JobEntryCheck
{
    public static void Check(MergeJob job, EgressQueueOptions limits)
    {
        Field("id", job.Id, limits.MaxIdChars, "max_id_length");
        Field("session_id", job.SessionId, limits.MaxIdChars, "max_id_length");
        Field("manifest_path", job.ManifestPath, limits.MaxPathChars, "max_path_length");
        Field("status", job.Status, limits.MaxIdChars, "max_id_length");
        Field("worker_id", job.WorkerId, limits.MaxIdChars, "max_id_length");
        Field("error", job.Error, limits.MaxPathChars, "max_path_length");
        if (job.Encryption is { } encryption)
        {
            Field("encryption.mode", encryption.Mode, limits.MaxIdChars, "max_id_length");
            Field("encryption.kms_key_id", encryption.KmsKeyId, limits.MaxPathChars, "max_path_length");
            Field("encryption.cmek_key_name", encryption.CmekKeyName, limits.MaxPathChars, "max_path_length");
            if (!string.IsNullOrEmpty(encryption.MasterKey)) MasterKeyOf(encryption.MasterKey);
        }
    }

    /// <summary>The job's master key as bytes; any failure is the job's, never a crash of the caller.</summary>
    public static byte[] MasterKeyOf(string masterKey)
    {
        try
        {
            return MasterKey.Parse(masterKey);
        }
        catch (PermanentMergeException)
        {
            throw;
        }
        catch (Exception)
        {
            // The exception's own message is not repeated: it could quote the value.
            throw new PermanentMergeException("encryption.master_key must be base64 of 32 bytes");
        }
    }

    private static void Field(string name, string? value, int limit, string setting)
    {
        if (value is not null && value.Length > limit)
            throw new PermanentMergeException(
                $"job {name} is {value.Length} characters; the limit is {limit} (mergebus.limits.{setting})");
    }
}
