using System.Text.Json.Nodes;
using MergeBus.Deploy.Tests.Support;

namespace MergeBus.Deploy.Tests;

/// <summary>The plain compose file users run (no override), as Debian's docker-compose 1.29 reads it.</summary>
public sealed class ComposeFileTests
{
    private static async Task<JsonObject> ConfigAsync(params string[] overrides)
    {
        var (code, output, error) = await Kustomize.RunAsync("docker-compose",
            ["--env-file", Repo.EnvExample, "--file", Repo.ComposeFile, .. overrides.SelectMany(o => new[] { "--file", o }), "config"]);
        Assert.True(code == 0, $"docker-compose config exited {code}: {error}");
        return Yaml.Document(output);
    }

    private static readonly string[] MergeBusServices = ["ingest", "fetcher", "mixer", "publisher", "seed"];

    [Fact]
    public async Task Docker_compose_1_29_accepts_the_plain_file_with_every_service()
    {
        var config = await ConfigAsync();
        var services = config["services"]!.AsObject().Select(s => s.Key).Order();
        Assert.Equal(["fetcher", "ingest", "minio", "minio-setup", "mixer", "postgres", "publisher", "rabbitmq", "redis", "seed"], services);
        Assert.Null(config["name"]);
        Assert.Equal(["minio-data", "postgres-data", "rabbitmq-data", "redis-data"], config["volumes"]!.AsObject().Select(v => v.Key).Order());
    }

    [Fact]
    public async Task The_stores_keep_their_data_and_the_users_override_publishes_their_ports()
    {
        var services = (await ConfigAsync(Repo.PortsOverride))["services"]!;
        Assert.Equal(["redis-server", "--appendonly", "yes", "--appendfsync", "everysec"], services["redis"]!["command"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("rabbitmq:3.10-management", (string)services["rabbitmq"]!["image"]!);
        string Ports(string service) => string.Join(",", services[service]!["ports"]!.AsArray().Select(p => $"{p!["published"]}:{p["target"]}"));
        Assert.Equal("15672:15672", Ports("rabbitmq"));
        Assert.Equal("9000:9000,9001:9001", Ports("minio"));
        Assert.Equal("8080:8080", Ports("ingest"));
        foreach (var (service, volume) in new[] { ("redis", "redis-data:/data"), ("rabbitmq", "rabbitmq-data:/var/lib/rabbitmq"),
                     ("minio", "minio-data:/data"), ("postgres", "postgres-data:/var/lib/postgresql/data") })
            Assert.Contains(services[service]!["volumes"]!.AsArray(), v => ((string)v!).StartsWith(volume, StringComparison.Ordinal));
        foreach (var service in new[] { "redis", "rabbitmq", "minio", "postgres" })
            Assert.NotNull(services[service]!["healthcheck"]);
    }

    [Fact]
    public async Task The_services_build_their_Dockerfile_target_and_wait_for_healthy_stores()
    {
        var services = (await ConfigAsync())["services"]!;
        var targets = Repo.DockerfileTargets();
        foreach (var name in MergeBusServices)
        {
            var service = services[name]!;
            var target = (string)service["build"]!["target"]!;
            Assert.Contains(target, targets);
            Assert.Equal($"mergebus/{target}:local", (string)service["image"]!);
            Assert.Equal("service_healthy", (string)service["depends_on"]!["redis"]!["condition"]!);
            Assert.Equal("service_healthy", (string)service["depends_on"]!["rabbitmq"]!["condition"]!);
            Assert.Equal("service_completed_successfully", (string)service["depends_on"]!["minio-setup"]!["condition"]!);
            Assert.Contains(service["volumes"]!.AsArray(), v => ((string)v!).EndsWith(":/etc/mergebus/egress.yaml:ro", StringComparison.Ordinal));
        }
        Assert.Equal(2, services["mixer"]!["scale"]!.GetValue<int>());
        foreach (var name in new[] { "ingest", "fetcher", "mixer", "publisher" })
            Assert.Equal("service_healthy", (string)services["seed"]!["depends_on"]![name]!["condition"]!);
        Assert.Equal("no", (string)services["seed"]!["restart"]!);
    }

    [Fact]
    public async Task The_plain_file_publishes_no_port_so_host_networking_can_run_it()
    {
        var services = (await ConfigAsync())["services"]!.AsObject();
        Assert.All(services, s => Assert.Null(s.Value!["ports"]));
    }

    [Fact]
    public async Task Ingest_keeps_the_job_history_on_the_compose_PostgreSQL()
    {
        var ingest = (await ConfigAsync())["services"]!["ingest"]!;
        Assert.Equal("service_healthy", (string)ingest["depends_on"]!["postgres"]!["condition"]!);
        var connection = (string)ingest["environment"]!["MERGEBUS__HISTORY__CONNECTION_STRING"]!;
        Assert.Contains("Host=postgres;Port=5432;Username=mergebus;Database=mergebus;", connection);
    }

    [Fact]
    public async Task Every_environment_key_of_the_services_is_one_they_read()
    {
        var services = (await ConfigAsync())["services"]!;
        foreach (var name in MergeBusServices)
            foreach (var (key, value) in services[name]!["environment"]!.AsObject())
                Assert.True(ServiceSettings.WhyNotRead(key, (string?)value ?? "") is null, $"{name}: {key}: {ServiceSettings.WhyNotRead(key, (string?)value ?? "")}");
        Assert.Null(ServiceSettings.WhyYamlNotRead(File.ReadAllText(Repo.Path("compose", "egress.yaml"))));
    }

    [Fact]
    public async Task Nothing_secret_is_committed_and_a_missing_secret_stops_compose()
    {
        var empty = Path.GetTempFileName();
        var (code, _, error) = await Kustomize.RunAsync("docker-compose", ["--env-file", empty, "--file", Repo.ComposeFile, "config"]);
        File.Delete(empty);
        Assert.NotEqual(0, code);
        Assert.Contains("set it in compose/.env", error);
        Assert.DoesNotContain("secret:", File.ReadAllText(Repo.Path("compose", "egress.yaml")));
        Assert.DoesNotContain("password:", File.ReadAllText(Repo.Path("compose", "egress.yaml")));
    }
}
