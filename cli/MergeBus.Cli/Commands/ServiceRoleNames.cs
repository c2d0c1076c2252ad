namespace MergeBus.Cli.Commands;

public static class ServiceRoleNames
{
    public static ServiceRoles Parse(string name) => name.ToLowerInvariant() switch
    {
        "ingest" => ServiceRoles.Ingest,
        "fetcher" => ServiceRoles.Fetcher,
        "mixer" => ServiceRoles.Mixer,
        "publisher" => ServiceRoles.Publisher,
        "all" => ServiceRoles.All,
        _ => throw new ArgumentException($"unknown service '{name}': expected ingest, fetcher, mixer, publisher or all"),
    };
}
