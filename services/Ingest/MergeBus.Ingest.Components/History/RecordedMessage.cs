namespace MergeBus.Ingest.Components.History;

/// <summary>Marks one bus message as recorded (id: job id + dedupe key), stored in the same transaction as its events.</summary>
public sealed class RecordedMessage
{
    public string Id { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}
