using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MergeBus.Protocol.Jobs;

/// <summary>Reads and writes the job JSON of livekit:egress:merge:queue and the status key (spec §1).</summary>
public static class JobJson
{
    // Relaxed escaping keeps base64 '+' and '/' readable, as Go's encoding/json writes them.
    private static readonly JobJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <param name="json">One queue entry.</param>
    /// <param name="clock">Only used to name a job that arrives without an id and without created_at.</param>
    public static MergeJob Parse(string json, TimeProvider? clock = null)
    {
        MergeJob? job;
        try
        {
            job = JsonSerializer.Deserialize(json, Context.MergeJob);
        }
        catch (JsonException ex)
        {
            throw new PermanentMergeException($"job entry is not valid JSON: {JsonErrors.ShortReason(ex, redactInput: true)}");
        }

        if (job is null)
            throw new PermanentMergeException("job entry is not valid JSON: it is null");
        if (string.IsNullOrWhiteSpace(job.ManifestPath))
            throw new PermanentMergeException("job entry has no manifest_path");

        return string.IsNullOrEmpty(job.Id) ? job with { Id = DefaultId(job, clock ?? TimeProvider.System) } : job;
    }

    public static string Serialize(MergeJob job) => JsonSerializer.Serialize(job, Context.MergeJob);

    /// <summary>The egress's own default: &lt;session_id&gt;_&lt;UTC yyyyMMddTHHmmss.fff&gt;.</summary>
    public static string DefaultId(MergeJob job, TimeProvider clock)
    {
        // created_at names the job the same way on every read of the same entry, unlike "now".
        var at = job.CreatedAt > 0
            ? DateTimeOffset.UnixEpoch.AddTicks(job.CreatedAt / 100)
            : clock.GetUtcNow();
        return $"{job.SessionId}_{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}";
    }
}
