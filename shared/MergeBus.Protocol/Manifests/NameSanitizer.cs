using System.Text;

namespace MergeBus.Protocol.Manifests;

/// <summary>Spec §2 name sanitising, used for the default mix name room_mix_{sanitized room}.</summary>
public static class NameSanitizer
{
    public const string Fallback = "room";

    /// <summary>
    /// Keeps ASCII letters, digits, '-' and '_'; every other run becomes one '_'; '_' is trimmed from both ends.
    /// ASCII only, as the Go egress's [^a-zA-Z0-9_-]+ does: the result must match the name it would choose.
    /// </summary>
    public static string Sanitize(string? name)
    {
        var result = new StringBuilder(name?.Length ?? 0);
        var inRun = false;
        foreach (var c in name ?? "")
        {
            if (IsKept(c))
            {
                result.Append(c);
                inRun = false;
            }
            else if (!inRun)
            {
                result.Append('_');
                inRun = true;
            }
        }
        var trimmed = result.ToString().Trim('_');
        return trimmed.Length == 0 ? Fallback : trimmed;
    }

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
