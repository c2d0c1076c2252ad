namespace MergeBus.Steps;

/// <summary>Which try of which step a command started: what a failure report must name.</summary>
public sealed record StepTry(string Step, string JobId, int Attempt, int Try);
