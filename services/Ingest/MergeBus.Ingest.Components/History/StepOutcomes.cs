namespace MergeBus.Ingest.Components.History;

public static class StepOutcomes
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
