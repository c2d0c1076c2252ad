using System.Text.RegularExpressions;
using MergeBus.Configuration;
using MergeBus.ServiceDefaults.Configuration;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>
/// What the services read: the environment variables and configuration keys of the settings loader
/// (shared/MergeBus.ServiceDefaults/Configuration and the section binders beside each options type). A key in compose/ or deploy/k8s that is not here is a typo.
/// </summary>
public static partial class ServiceSettings
{
    /// <summary>Read by ASP.NET Core and the .NET runtime themselves.</summary>
    private static readonly string[] PlatformVariables = ["ASPNETCORE_URLS"];

    /// <summary>The loader, the values it reads from, and every section binder it composes (each names its keys).</summary>
    private static string LoaderSource => string.Concat(
        Directory.EnumerateFiles(Repo.Path("shared"), "*Binder.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Append(Repo.Path("shared", "MergeBus.ServiceDefaults", "Configuration", "MergeBusSettingsLoader.cs"))
            .Append(Repo.Path("shared", "MergeBus.Configuration", "ConfigurationValues.cs"))
            .Select(File.ReadAllText));

    /// <summary>Egress keys (spec §5) the loader asks for by name; it ignores others, so a typo there goes unnoticed at start.</summary>
    public static IReadOnlySet<string> EgressKeys() =>
        EgressKey().Matches(LoaderSource).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plain variables: the ones the loader reads by name (EGRESS_CONFIG_FILE, MERGE_WORKER_ID, ...) and the platform's.</summary>
    public static IReadOnlySet<string> PlainVariables() =>
        PlainVariable().Matches(LoaderSource).Select(m => m.Groups[1].Value).Concat(PlatformVariables).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Null when the services read <paramref name="name"/>, else why not. MERGEBUS__* go through the loader itself
    /// (it refuses unknown mergebus keys); EGRESS__* must name an egress key the loader asks for.
    /// </summary>
    public static string? WhyNotRead(string name, string value)
    {
        if (name.StartsWith("MERGEBUS__", StringComparison.Ordinal))
        {
            var environment = new Dictionary<string, string>
            {
                ["EGRESS_CONFIG_BODY"] = "redis: {address: 'r:6379'}\nstorage: {s3: {bucket: b}}\n",
                [name] = value,
            };
            try
            {
                MergeBusSettingsLoader.Load(environment);
                return null;
            }
            catch (ConfigurationException e)
            {
                return e.Message;
            }
        }
        if (name.StartsWith("EGRESS__", StringComparison.Ordinal))
        {
            var key = name["EGRESS__".Length..].Replace("__", ".").ToLowerInvariant();
            return EgressKeys().Contains(key) ? null : $"{key} is not an egress key the services read";
        }
        return PlainVariables().Contains(name) ? null : $"no service reads {name}";
    }

    /// <summary>Null when every key of an egress YAML is one the services read, else the first one that is not.</summary>
    public static string? WhyYamlNotRead(string yaml)
    {
        var egress = EgressKeys();
        foreach (var key in Yaml.FlatKeys(Yaml.Document(yaml)))
        {
            if (key.StartsWith("mergebus.", StringComparison.Ordinal)) continue;
            if (!egress.Contains(key)) return $"{key} is not an egress key the services read";
        }
        try
        {
            // The loader itself refuses unknown mergebus.* keys and wrong values.
            MergeBusSettingsLoader.Load(new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = yaml });
            return null;
        }
        catch (ConfigurationException e)
        {
            return e.Message;
        }
    }

    [GeneratedRegex(@"""((?:redis|storage|audio_recording_encryption)\.[a-z0-9_.]+)""")]
    private static partial Regex EgressKey();

    [GeneratedRegex(@"""((?:EGRESS|MERGE)_[A-Z_]+)""")]
    private static partial Regex PlainVariable();
}
