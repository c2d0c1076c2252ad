namespace MergeBus.Configuration.Ingest;

/// <summary>One bearer token. <see cref="Token"/> is a secret: it is never logged or printed.</summary>
public sealed record ApiToken(string Name, string Token, string Role)
{
    public override string ToString() => $"{Name} ({Role})";
}
