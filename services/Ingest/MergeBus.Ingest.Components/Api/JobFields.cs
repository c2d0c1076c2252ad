namespace MergeBus.Ingest.Components.Api;

/// <summary>Which job JSON field a parse error is about, for the 400's <c>field</c>.</summary>
public static class JobFields
{
    private static readonly string[] Names = ["manifest_path", "session_id", "master_key", "encryption", "created_at", "id", "layout", "formats"];

    public static string Named(string message) =>
        Names.FirstOrDefault(n => message.Contains(n, StringComparison.OrdinalIgnoreCase)) ?? "body";
}
