namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// Job ids (and rooms, sessions) may hold '/', which a client sends as %2F. The server decodes every escape in the
/// path except %2F (it would change the route), so a route value still carries it: undo that one here.
/// </summary>
public static class RouteIds
{
    public static string Decode(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
