namespace MergeBus.Configuration.Ingest;

/// <summary>What a token may do in the jobs API (<c>mergebus.api.tokens[].role</c>).</summary>
public static class ApiRoles
{
    /// <summary>Lists and reads jobs, the queue and timelines.</summary>
    public const string Read = "read";
    /// <summary>Everything read may, plus submit and retry.</summary>
    public const string Operate = "operate";

    public static readonly IReadOnlyList<string> All = [Read, Operate];
}
