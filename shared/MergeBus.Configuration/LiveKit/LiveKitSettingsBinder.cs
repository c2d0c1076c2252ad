using System.Text.RegularExpressions;

namespace MergeBus.Configuration.LiveKit;

/// <summary>
/// <c>mergebus.livekit</c>: extra key pairs (<c>keys</c>: <c>"key:secret,key2:secret2"</c>, a YAML list of
/// <c>"key:secret"</c> strings, or a list of <c>{key, secret}</c> mappings), <c>settle_min</c>, <c>settle_after</c>,
/// <c>url</c> and <c>manifest_path</c>. The egress YAML's own <c>api_key</c>/<c>api_secret</c> always count, and its
/// <c>ws_url</c> (as https) is LiveKit's API unless <c>url</c> says otherwise. Errors never quote a secret.
/// </summary>
public static partial class LiveKitSettingsBinder
{
    public const string KeysSetting = "mergebus.livekit.keys";
    public const string SettleMinSetting = "mergebus.livekit.settle_min";
    public const string SettleAfterSetting = "mergebus.livekit.settle_after";
    public const string UrlSetting = "mergebus.livekit.url";
    public const string ManifestPathSetting = "mergebus.livekit.manifest_path";

    public static ConfigurationKeys Keys { get; } =
        new([KeysSetting, SettleMinSetting, SettleAfterSetting, UrlSetting, ManifestPathSetting], KeyEntry());

    [GeneratedRegex(@"^mergebus\.livekit\.keys\.\d+\.(key|secret)$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyEntry();

    public static LiveKitSettings Bind(ConfigurationValues values)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? lookupKey = null;
        // The egress's own pair counts only whole: an api_key alone signs nothing.
        if (values.Get("api_key") is { } ownKey && values.Get("api_secret") is { } ownSecret)
        {
            keys[ownKey] = ownSecret;
            lookupKey = ownKey;
        }
        foreach (var (key, secret) in ExtraPairs(values))
        {
            keys[key] = secret;
            lookupKey ??= key;
        }

        var settleMin = values.Duration(SettleMinSetting, TimeSpan.FromSeconds(15));
        var settleAfter = values.Duration(SettleAfterSetting, TimeSpan.FromMinutes(2));
        if (settleAfter < settleMin)
            throw new ConfigurationException(SettleAfterSetting, $"must be at least {SettleMinSetting}");

        var manifestPath = values.Get(ManifestPathSetting);
        if (manifestPath is not null && (manifestPath.StartsWith('/') || manifestPath.Contains("..", StringComparison.Ordinal)))
            throw new ConfigurationException(ManifestPathSetting, "must be a relative key in the recordings store, without '..'");

        return new LiveKitSettings
        {
            Keys = keys,
            LookupKey = lookupKey,
            SettleMin = settleMin,
            SettleAfter = settleAfter,
            Url = ApiUrl(values),
            ManifestPath = manifestPath,
        };
    }

    private static IEnumerable<(string Key, string Secret)> ExtraPairs(ConfigurationValues values)
    {
        for (var i = 0; values.HasAnyUnder($"{KeysSetting}.{i}."); i++)
            yield return (values.Required($"{KeysSetting}.{i}.key"), values.Required($"{KeysSetting}.{i}.secret"));
        // A YAML list of scalars, or the comma-separated string of the environment.
        var listed = values.GetList(KeysSetting);
        IEnumerable<string> pairs = listed.Count > 0 ? listed
            : (values.Get(KeysSetting) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var pair in pairs.Where(p => p.Length > 0))
        {
            var colon = pair.IndexOf(':');
            if (colon <= 0 || colon == pair.Length - 1)
                throw new ConfigurationException(KeysSetting, "must be key:secret pairs separated by commas, or a list of {key, secret}");
            yield return (pair[..colon].Trim(), pair[(colon + 1)..].Trim());
        }
    }

    /// <summary><c>mergebus.livekit.url</c>, else the egress YAML's <c>ws_url</c> with ws→http and wss→https.</summary>
    private static Uri? ApiUrl(ConfigurationValues values)
    {
        if (values.HttpUrl(UrlSetting) is { } url)
            return new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url);
        if (values.Get("ws_url") is not { } ws) return null;
        var http = ws.StartsWith("wss://", StringComparison.OrdinalIgnoreCase) ? "https://" + ws[6..]
            : ws.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) ? "http://" + ws[5..]
            : ws.Contains("://", StringComparison.Ordinal) ? ws : "https://" + ws;
        return Uri.TryCreate(http, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigurationException("ws_url", "is not a ws(s) or http(s) URL");
    }
}
