namespace MergeBus.Ingest.Components.History;

/// <param name="ParticipantIdentity">Set on a stem: the person it holds.</param>
public sealed record ArtifactRow(string Format, string StorageUri, long Size, string Sha256, long DurationMs, string? ParticipantIdentity = null);
