namespace MergeBus.Ingest.Components.History;

/// <summary>One try of one step.</summary>
public sealed class StepRecord
{
    /// <summary>The job's attempt this try belongs to.</summary>
    public int Attempt { get; set; }
    /// <summary>The saga's try number: one per try of any step, never reset.</summary>
    public int Try { get; set; }
    public string Step { get; set; } = "";
    public string Outcome { get; set; } = StepOutcomes.Running;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public double? DurationMs => EndedAt is { } end ? Math.Round((end - StartedAt).TotalMilliseconds, 1) : null;
    public string WorkerId { get; set; } = "";
    public string Host { get; set; } = "";
    public long BytesDownloaded { get; set; }
    public long BytesUploaded { get; set; }
    public string Error { get; set; } = "";
    public bool Permanent { get; set; }
}
