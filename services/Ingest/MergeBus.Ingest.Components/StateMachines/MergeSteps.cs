namespace MergeBus.Ingest.Components.StateMachines;

public static class MergeSteps
{
    public const string Fetch = "fetch";
    public const string Mix = "mix";
    public const string Publish = "publish";
}
