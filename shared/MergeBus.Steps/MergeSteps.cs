namespace MergeBus.Steps;

/// <summary>The steps of a merge job, as messages, status keys and the saga name them.</summary>
public static class MergeSteps
{
    public const string Fetch = "fetch";
    public const string Mix = "mix";
    public const string Publish = "publish";
}
