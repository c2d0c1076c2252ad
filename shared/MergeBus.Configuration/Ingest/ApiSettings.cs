namespace MergeBus.Configuration.Ingest;

/// <summary>
/// <c>mergebus.api</c>: who may call the jobs API and where it listens. Every endpoint but /health and /metrics
/// needs one of <see cref="Tokens"/>; with none configured, the API answers 401 to everyone.
/// </summary>
public sealed record ApiSettings
{
    /// <summary>Where the API listens when ASPNETCORE_URLS does not say: loopback only, unless configured otherwise.</summary>
    public const string DefaultListen = "http://127.0.0.1:8080";

    public IReadOnlyList<ApiToken> Tokens { get; init; } = [];
    public string Listen { get; init; } = DefaultListen;

    /// <summary><c>mergebus.limits.api_requests_per_minute</c>: per client address; more is 429.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary><c>mergebus.limits.sign_in_failures_per_minute</c>: wrong tokens per client address; more is 429.</summary>
    public int SignInFailuresPerMinute { get; init; } = 10;

    public override string ToString() =>
        $"api on {Listen}, {Tokens.Count} token(s): {string.Join(", ", Tokens.Select(t => $"{t.Name} ({t.Role})"))}";
}
