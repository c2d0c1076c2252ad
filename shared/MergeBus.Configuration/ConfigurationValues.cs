using System.Collections;
using YamlDotNet.RepresentationModel;

namespace MergeBus.Configuration;

/// <summary>
/// The egress YAML flattened to dotted keys ("storage.s3.bucket", "mergebus.rabbitmq.host"), with environment
/// variables laid over it: <c>MERGEBUS__RABBITMQ__HOST</c> sets <c>mergebus.rabbitmq.host</c> and
/// <c>EGRESS__STORAGE__S3__BUCKET</c> sets <c>storage.s3.bucket</c>. Keys are compared case-insensitively.
/// </summary>
public sealed class ConfigurationValues
{
    public const string ConfigFileVariable = "EGRESS_CONFIG_FILE";
    public const string ConfigBodyVariable = "EGRESS_CONFIG_BODY";
    private const string MergeBusPrefix = "MERGEBUS__";
    private const string EgressPrefix = "EGRESS__";

    private readonly Dictionary<string, string> scalars = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> lists = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Environment { get; }

    private ConfigurationValues(IReadOnlyDictionary<string, string> environment) => Environment = environment;

    public static ConfigurationValues FromProcessEnvironment() =>
        From(System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal));

    public static ConfigurationValues From(IReadOnlyDictionary<string, string> environment)
    {
        var values = new ConfigurationValues(environment);
        var yaml = ReadYaml(environment);
        if (yaml is not null) values.Load(yaml);
        foreach (var (name, value) in environment)
        {
            var key = name.StartsWith(MergeBusPrefix, StringComparison.OrdinalIgnoreCase)
                ? "mergebus." + name[MergeBusPrefix.Length..]
                : name.StartsWith(EgressPrefix, StringComparison.OrdinalIgnoreCase) ? name[EgressPrefix.Length..] : null;
            if (key is null) continue;
            key = key.Replace("__", ".", StringComparison.Ordinal).ToLowerInvariant();
            // A list from the environment is comma separated.
            values.scalars[key] = value;
            values.lists[key] = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        return values;
    }

    public string? Get(string key) => scalars.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public IReadOnlyList<string> GetList(string key) => lists.TryGetValue(key, out var list) ? list : [];

    /// <summary>Keys that start with <paramref name="prefix"/> (scalars and lists), for rejecting unknown settings.</summary>
    public IEnumerable<string> KeysUnder(string prefix) =>
        scalars.Keys.Concat(lists.Keys).Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    public bool HasAnyUnder(string prefix) => KeysUnder(prefix).Any(k => Get(k) is not null || GetList(k).Count > 0);

    private static string? ReadYaml(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue(ConfigBodyVariable, out var body) && !string.IsNullOrWhiteSpace(body)) return body;
        if (!environment.TryGetValue(ConfigFileVariable, out var path) || string.IsNullOrWhiteSpace(path)) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(ConfigFileVariable, $"cannot be read: {e.Message}");
        }
    }

    private void Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            // The message quotes no value, only the position.
            throw new ConfigurationException("egress YAML", $"is not valid YAML (line {e.Start.Line}, column {e.Start.Column})");
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is YamlMappingNode root) Flatten("", root);
        else if (stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
            throw new ConfigurationException("egress YAML", "must be a mapping of settings");
    }

    private void Flatten(string prefix, YamlMappingNode mapping)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? "").ToLowerInvariant();
            switch (valueNode)
            {
                case YamlMappingNode child:
                    Flatten(key + ".", child);
                    break;
                case YamlSequenceNode sequence:
                    lists[key] = [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")];
                    // A list of mappings (mergebus.webhooks, mergebus.api.tokens) becomes key.0.field, key.1.field, as MERGEBUS__WEBHOOKS__0__URL would.
                    var index = 0;
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlMappingNode element) Flatten($"{key}.{index}.", element);
                        index++;
                    }
                    break;
                case YamlScalarNode scalar:
                    scalars[key] = scalar.Value is null or "~" ? "" : scalar.Value;
                    break;
            }
        }
    }
}
