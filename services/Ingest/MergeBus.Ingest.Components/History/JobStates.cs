using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Ingest.Components.History;

/// <summary>The job states of the saga, as the history and the API name them.</summary>
public static class JobStates
{
    public const string Submitted = "Submitted";
    public const string Fetching = MergeJobStates.Fetching;
    public const string Mixing = MergeJobStates.Mixing;
    public const string Publishing = MergeJobStates.Publishing;
    public const string Completed = MergeJobStates.Completed;
    public const string DeadLettered = MergeJobStates.DeadLettered;

    public static readonly IReadOnlyList<string> All = [Submitted, Fetching, Mixing, Publishing, Completed, DeadLettered];

    /// <summary>The state a job is in while <paramref name="step"/> runs, as the step table says.</summary>
    public static string ForStep(string step) => MergeJobSteps.Named(step)?.State ?? Submitted;
}
