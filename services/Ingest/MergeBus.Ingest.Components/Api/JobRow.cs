using MergeBus.Ingest.Components.History;

namespace MergeBus.Ingest.Components.Api;

/// <summary>A job in a list: the summary without its history details.</summary>
public sealed record JobRow(
    string Id, string State, string Step, string Source, string Room, string SessionId, string ManifestPath, int Attempts,
    int FailedAttempts, string LastError, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static JobRow From(JobSummary s) => new(s.Id, s.State, s.Step, s.Source, s.Room, s.SessionId, s.ManifestPath, s.Attempts,
        s.FailedAttempts, s.LastError, s.SubmittedAt, s.UpdatedAt, s.FinishedAt);
}
