using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Deploy.Tests.Support;

namespace MergeBus.Deploy.Tests;

/// <summary>deploy/k8s, checked here without a cluster: rendered, schema-validated, and cross-checked with the services.</summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Overlays() => [.. Kustomize.Overlays()];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_a_deployment_for_each_service(string overlay)
    {
        var objects = await Kustomize.RenderAsync(overlay);
        var deployments = objects.Where(o => (string)o["kind"]! == "Deployment").Select(o => (string)o["metadata"]!["name"]!).Order();
        Assert.Equal(["fetcher", "ingest", "mixer", "publisher"], deployments);
        Assert.Single(objects, o => (string)o["kind"]! == "ConfigMap");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_rendered_object_validates_against_the_Kubernetes_and_KEDA_schemas(string overlay)
    {
        var objects = await Kustomize.RenderAsync(overlay);
        Assert.True(Directory.Exists(Path.Combine(Repo.SchemaTools, "node_modules", "kubernetes-models")),
            $"the schema packages are missing in {Repo.SchemaTools}: ./mergebus test installs them (npm)");
        var (code, output, error) = await Kustomize.RunAsync("node",
            [Repo.Path("deploy", "k8s", "tools", "validate-schemas.mjs"), Repo.SchemaTools], JsonSerializer.Serialize(objects));
        Assert.True(code == 0, $"{overlay}:\n{output}{error}");
        Assert.Equal(objects.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_schema_check_rejects_an_object_that_breaks_its_schema()
    {
        var scaledObject = (await Kustomize.RenderAsync("production-keda")).Single(o => (string)o["kind"]! == "ScaledObject");
        scaledObject["spec"]!["minReplicaCount"] = "one";
        var (code, output, _) = await Kustomize.RunAsync("node",
            [Repo.Path("deploy", "k8s", "tools", "validate-schemas.mjs"), Repo.SchemaTools], JsonSerializer.Serialize(new[] { scaledObject }));
        Assert.Equal(1, code);
        Assert.Contains("minReplicaCount must be integer", output);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_environment_variable_and_configuration_key_is_one_the_services_read(string overlay)
    {
        var objects = await Kustomize.RenderAsync(overlay);
        var configMap = objects.Single(o => (string)o["kind"]! == "ConfigMap");
        Assert.Null(ServiceSettings.WhyYamlNotRead((string)configMap["data"]!["egress.yaml"]!));

        var secretKeys = objects.Where(o => (string)o["kind"]! == "Secret")
            .SelectMany(o => (o["data"] as JsonObject ?? []).Select(p => p.Key)).ToList();
        var variables = objects.Where(o => (string)o["kind"]! == "Deployment").SelectMany(Kustomize.Containers)
            .SelectMany(c => c["env"]!.AsArray().Select(e => ((string)e!["name"]!, (string?)e["value"] ?? "x")))
            .Concat(secretKeys.Select(k => (k, "x")));
        foreach (var (name, value) in variables)
            Assert.True(ServiceSettings.WhyNotRead(name, value) is null, $"{overlay}: {name}: {ServiceSettings.WhyNotRead(name, value)}");
    }

    [Fact]
    public void The_settings_check_catches_a_typo()
    {
        Assert.NotNull(ServiceSettings.WhyNotRead("MERGEBUS__MIXER__CONCURENCY", "1"));
        Assert.NotNull(ServiceSettings.WhyNotRead("EGRESS__STORAGE__S3__BUCKIT", "b"));
        Assert.NotNull(ServiceSettings.WhyNotRead("MERGE_WORKERID", "w"));
        Assert.NotNull(ServiceSettings.WhyYamlNotRead("redis: {adress: 'r:6379'}\nstorage: {s3: {bucket: b}}\n"));
        Assert.Null(ServiceSettings.WhyNotRead("MERGEBUS__MIXER__SHUTDOWN_TIMEOUT", "75s"));
    }

    [Fact]
    public async Task Every_probe_path_is_one_the_services_map()
    {
        var mapped = File.ReadAllText(Repo.Path("shared", "MergeBus.ServiceDefaults", "Hosting", "ServiceDefaultsExtensions.cs"));
        foreach (var overlay in Kustomize.Overlays())
        {
            foreach (var container in (await Kustomize.RenderAsync(overlay)).Where(o => (string)o["kind"]! == "Deployment").SelectMany(Kustomize.Containers))
            {
                foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
                {
                    var path = (string?)container[probe]?["httpGet"]?["path"];
                    Assert.False(path is null, $"{overlay}/{container["name"]}: no {probe}");
                    Assert.Contains($"MapHealthChecks(\"{path}\"", mapped);
                    Assert.Equal("http", (string)container[probe]!["httpGet"]!["port"]!);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_image_is_a_target_of_the_Dockerfile(string overlay)
    {
        var targets = Repo.DockerfileTargets();
        foreach (var deployment in (await Kustomize.RenderAsync(overlay)).Where(o => (string)o["kind"]! == "Deployment"))
        {
            var image = (string)Kustomize.Containers(deployment).Single()["image"]!;
            var target = image.Split(':')[0].Split('/')[^1];
            Assert.Contains(target, targets);
            Assert.Equal((string)deployment["metadata"]!["name"]!, target);
        }
    }

    [Fact]
    public async Task The_mixer_grace_period_outlasts_its_shutdown_timeout()
    {
        foreach (var overlay in Kustomize.Overlays())
        {
            var objects = await Kustomize.RenderAsync(overlay);
            var mixer = objects.Single(o => (string)o["kind"]! == "Deployment" && (string)o["metadata"]!["name"]! == "mixer");
            var grace = TimeSpan.FromSeconds(mixer["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>());
            var yaml = (string)objects.Single(o => (string)o["kind"]! == "ConfigMap")["data"]!["egress.yaml"]!;
            var settings = MergeBus.ServiceDefaults.Configuration.MergeBusSettingsLoader.Load(new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = yaml });
            Assert.True(settings.Mixer.ShutdownTimeout + MergeBus.Mixer.Components.MixerShutdown.HandBackMargin < grace,
                $"{overlay}: shutdown_timeout {settings.Mixer.ShutdownTimeout} + hand-back margin must end before SIGKILL at {grace}");
        }
    }

    [Fact]
    public async Task The_KEDA_trigger_reads_mix_tracks_through_the_management_API()
    {
        var scaledObject = (await Kustomize.RenderAsync("production-keda")).Single(o => (string)o["kind"]! == "ScaledObject");
        var scaling = KedaScaling.From(scaledObject);
        Assert.Equal("mix-tracks", scaling.Queue);
        Assert.Equal("http", scaling.Protocol);
        Assert.True(scaling.MinReplicas >= 1 && scaling.MaxReplicas > scaling.MinReplicas);
        Assert.Equal("mixer", (string)scaledObject["spec"]!["scaleTargetRef"]!["name"]!);
    }
}
