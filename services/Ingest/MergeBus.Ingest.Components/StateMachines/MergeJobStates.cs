namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>The saga's state names as stored (CurrentState) and queried; the machine's State properties carry them.</summary>
public static class MergeJobStates
{
    public const string Initial = "Initial";
    public const string Completed = nameof(MergeJobStateMachine.Completed);
    public const string DeadLettered = nameof(MergeJobStateMachine.DeadLettered);

    /// <summary>States in which a step is running and must make progress: one per row of the step table.</summary>
    public static readonly IReadOnlyList<string> Active = [.. MergeJobSteps.All.Select(s => s.State)];
    public static readonly IReadOnlyList<string> Final = [Completed, DeadLettered];
}
