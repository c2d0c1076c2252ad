using System.Text.RegularExpressions;
using MergeBus.Configuration;

namespace MergeBus.Webhooks;

/// <summary>
/// <c>mergebus.webhooks: [{url, events, secret, signature}]</c> (or MERGEBUS__WEBHOOKS__0__URL …), with
/// <c>mergebus.webhooks.max_age</c> (MERGEBUS__WEBHOOKS__MAX_AGE; a list entry may set its own max_age too, the
/// largest wins) and the egress config's <c>api_key</c>/<c>api_secret</c> for livekit signatures.
/// </summary>
public static partial class WebhookSettingsBinder
{
    private const string Prefix = "mergebus.webhooks";

    public static ConfigurationKeys Keys { get; } = new(
        [Prefix, $"{Prefix}.max_age", $"{Prefix}.timeout", $"{Prefix}.min_interval", $"{Prefix}.max_interval"], EntryKey());

    [GeneratedRegex(@"^mergebus\.webhooks\.(\d+)\.(url|events|secret|signature|max_age)$", RegexOptions.IgnoreCase)]
    private static partial Regex EntryKey();

    public static WebhookSettings Bind(ConfigurationValues values)
    {
        var defaults = new WebhookSettings();
        var maxAge = values.Duration($"{Prefix}.max_age", defaults.MaxAge);
        var indexes = values.KeysUnder(Prefix + ".").Select(k => EntryKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var targets = new List<WebhookTarget>();
        var apiKey = values.Get("api_key") ?? "";
        var apiSecret = values.Get("api_secret") ?? "";
        foreach (var index in indexes)
        {
            var key = $"{Prefix}.{index}";
            var urlText = values.Required($"{key}.url");
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new ConfigurationException($"{key}.url", "is not an http(s) URL");
            var signature = (values.Get($"{key}.signature") ?? WebhookSignatures.Hmac).ToLowerInvariant();
            var secret = values.Get($"{key}.secret") ?? "";
            if (signature == WebhookSignatures.Hmac && secret.Length == 0)
                throw new ConfigurationException($"{key}.secret", "is required for hmac signatures");
            if (signature == WebhookSignatures.LiveKit && (apiKey.Length == 0 || apiSecret.Length == 0))
                throw new ConfigurationException($"{key}.signature", "is livekit, but api_key and api_secret are not both set");
            if (signature is not (WebhookSignatures.Hmac or WebhookSignatures.LiveKit))
                throw new ConfigurationException($"{key}.signature", "must be hmac or livekit");
            var events = values.GetList($"{key}.events");
            if (events.Count == 0 && values.Get($"{key}.events") is { } single) events = [single];
            var known = new[] { "MergeJobStarted", "MergeJobCompleted", "MergeJobDeadLettered", "MergeJobRetried", "*" };
            if (events.FirstOrDefault(e => !known.Contains(e, StringComparer.OrdinalIgnoreCase)) is { } unknown)
                throw new ConfigurationException($"{key}.events", $"names '{unknown}', not one of {string.Join(", ", known)}");
            maxAge = Max(maxAge, values.Duration($"{key}.max_age", maxAge));
            targets.Add(new WebhookTarget { Url = url, Events = events, Secret = secret, Signature = signature });
        }
        return new WebhookSettings
        {
            Targets = targets,
            MaxAge = maxAge,
            Timeout = values.Duration($"{Prefix}.timeout", defaults.Timeout),
            MinInterval = values.Duration($"{Prefix}.min_interval", defaults.MinInterval),
            MaxInterval = values.Duration($"{Prefix}.max_interval", defaults.MaxInterval),
            LiveKitApiKey = apiKey,
            LiveKitApiSecret = apiSecret,
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
