using System.Globalization;

namespace MergeBus.Configuration;

/// <summary>Durations as operators write them: 250ms, 30s, 5m, 12h, 7d, a plain number of seconds, or hh:mm:ss.</summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        value = default;
        (string Suffix, double Scale)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                value = TimeSpan.FromSeconds(amount * scale);
                return true;
            }
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
