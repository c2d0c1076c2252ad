namespace MergeBus.Ingest.Components.History;

/// <summary>GET /jobs filters. Times bound the submission time; <see cref="Error"/> matches part of the last error.</summary>
public sealed record JobQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public string? State { get; init; }
    public string? Room { get; init; }
    public string? Session { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? Error { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    /// <summary>The decoded cursor: only jobs sorting after it (older).</summary>
    public string? After { get; init; }
}
