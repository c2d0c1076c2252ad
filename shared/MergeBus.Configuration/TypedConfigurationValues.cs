using System.Globalization;

namespace MergeBus.Configuration;

/// <summary>
/// Typed reads of one key: the fallback when it is unset, else the parsed value, else a
/// <see cref="ConfigurationException"/> naming the key (never quoting the value, which may be a secret).
/// </summary>
public static class TypedConfigurationValues
{
    public static string Required(this ConfigurationValues values, string key) =>
        values.Get(key) ?? throw new ConfigurationException(key, "is required");

    public static int Int(this ConfigurationValues values, string key, int fallback, int min)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ConfigurationException(key, $"must be a whole number of at least {min}");
        return value;
    }

    public static long Long(this ConfigurationValues values, string key, long fallback, long min)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ConfigurationException(key, $"must be a whole number of at least {min}");
        return value;
    }

    public static double Double(this ConfigurationValues values, string key, double fallback, double min, double max)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ConfigurationException(key, $"must be a number from {min} to {max}");
        return value;
    }

    public static bool Bool(this ConfigurationValues values, string key, bool fallback) =>
        values.Get(key)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw new ConfigurationException(key, "must be true or false"),
        };

    public static TimeSpan Duration(this ConfigurationValues values, string key, TimeSpan fallback)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        return DurationText.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ConfigurationException(key, "must be a positive duration such as 250ms, 30s, 5m, 12h, 7d or 00:05:00");
    }

    /// <summary>An http(s) endpoint; a bare host:port is taken as https. Returned as written.</summary>
    public static string? HttpUrl(this ConfigurationValues values, string key)
    {
        var text = values.Get(key);
        if (text is null) return null;
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException(key, "is not an http(s) URL");
        return text;
    }
}
