using MergeBus.LoopbackServers;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>
/// docker-compose 1.29 (Debian's) on the shipped compose file plus compose/test.override.yml, against the test's
/// own daemon, with .env.example as the env file and the ports the test chose in the environment.
/// </summary>
public sealed class ComposeProject(DockerDaemon daemon, string projectName, IReadOnlyDictionary<string, string> environment)
{
    public string Name => projectName;
    public IReadOnlyDictionary<string, string> Environment => environment;

    public Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments) =>
        daemon.RunAsync(timeout, "docker-compose",
            ["--project-name", projectName, "--env-file", Repo.EnvExample, "--file", Repo.ComposeFile, "--file", Repo.TestOverride, .. arguments],
            environment, Repo.Path("compose"));

    public async Task<string> MustRunAsync(TimeSpan timeout, params string[] arguments)
    {
        var (code, output) = await RunAsync(timeout, arguments);
        return code == 0 ? output : throw new Xunit.Sdk.XunitException($"docker-compose {string.Join(' ', arguments)} exited {code}:\n{output}");
    }

    public async Task<string> DockerAsync(TimeSpan timeout, params string[] arguments)
    {
        var (code, output) = await daemon.RunAsync(timeout, "docker", arguments);
        return code == 0 ? output : throw new Xunit.Sdk.XunitException($"docker {string.Join(' ', arguments)} exited {code}:\n{output}");
    }

    /// <summary>Container ids of one service (all replicas), running or not.</summary>
    public async Task<IReadOnlyList<string>> ContainersAsync(string service) =>
        (await DockerAsync(TimeSpan.FromSeconds(30), "ps", "-a", "-q", "--no-trunc",
            "--filter", $"label=com.docker.compose.project={projectName}", "--filter", $"label=com.docker.compose.service={service}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<string> InspectAsync(string container, string format) =>
        (await DockerAsync(TimeSpan.FromSeconds(30), "inspect", "-f", format, container)).Trim();
}
