namespace MergeBus.Ingest.Components.History;

// Attempt is the job's attempt (1 plus its failed attempts, back to 1 after a support retry): every step of one
// attempt shares it. Try is the saga's try number, bumped on every try of any step and never reset: it names one
// step's try. Events recorded before Try existed read 0, when each attempt was one step's try.

/// <summary>The saga handed the job to a step.</summary>
public sealed record StepStarted(string JobId, string Step, int Attempt, DateTimeOffset At, int Try = 0);
