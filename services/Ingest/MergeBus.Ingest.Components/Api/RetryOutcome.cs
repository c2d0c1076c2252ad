namespace MergeBus.Ingest.Components.Api;

/// <summary>What a retry request found.</summary>
public enum RetryOutcome { Accepted, NotFound, NotDeadLettered }
