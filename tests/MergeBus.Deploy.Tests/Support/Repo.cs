using MergeBus.LoopbackServers;

namespace MergeBus.Deploy.Tests.Support;

public static class Repo
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoPaths.RepoRoot, .. parts]);

    public static string ComposeFile => Path("compose", "docker-compose.yml");
    public static string TestOverride => Path("compose", "test.override.yml");
    public static string PortsOverride => Path("compose", "docker-compose.override.yml");
    public static string EnvExample => Path("compose", ".env.example");
    public static string Dockerfile => Path("Dockerfile");

    /// <summary>Where ./mergebus test installs the npm schema packages (deploy/k8s/tools/package.json).</summary>
    public static string SchemaTools => Path(".tools", "k8s-schemas");

    /// <summary>Where ./mergebus test publishes the services for the image build (the override's PREPUBLISHED).</summary>
    public static string Published => Path(".artifacts", "publish");

    /// <summary>The service targets of the Dockerfile (FROM runtime AS name).</summary>
    public static IReadOnlyList<string> DockerfileTargets() =>
        File.ReadAllLines(Dockerfile)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^FROM\s+runtime\s+AS\s+(\S+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
}
