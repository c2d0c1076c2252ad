using System.Text;

namespace MergeBus.Media.Ffmpeg;

/// <summary>
/// ffmpeg filtergraph escaping (ffmpeg-filters "Notes on filtergraph escaping"). MergeBus never puts
/// participant text in a filtergraph; this exists so that anyone who must, does it right.
/// </summary>
public static class FilterEscaping
{
    /// <summary>Escapes a value for use as <c>key=VALUE</c> inside a filter description in a filtergraph.</summary>
    public static string OptionValue(string value) =>
        Escape(Escape(value, "\\':"), "\\'[],;");

    private static string Escape(string value, string special)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
