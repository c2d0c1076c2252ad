using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Ingest.Components.History;

/// <summary>The job states of the saga, as the history and the API name them.</summary>
public static class JobStates
{
    public const string Submitted = "Submitted";
    public const string Completed = MergeJobStates.Completed;
    public const string DeadLettered = MergeJobStates.DeadLettered;

    /// <summary>In the order a job goes through them; the step states come from the step table.</summary>
    public static readonly IReadOnlyList<string> All = [Submitted, .. MergeJobSteps.All.Select(s => s.State), Completed, DeadLettered];

    /// <summary>The state a job is in while <paramref name="step"/> runs, as the step table says.</summary>
    public static string ForStep(string step) => MergeJobSteps.Named(step)?.State ?? Submitted;
}
