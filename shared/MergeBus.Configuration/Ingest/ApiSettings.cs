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

    public override string ToString() =>
        $"api on {Listen}, {Tokens.Count} token(s): {string.Join(", ", Tokens.Select(t => $"{t.Name} ({t.Role})"))}";
}
