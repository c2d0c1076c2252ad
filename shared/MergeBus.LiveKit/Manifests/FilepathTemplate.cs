using System.Text;
using System.Text.RegularExpressions;

namespace MergeBus.LiveKit.Manifests;

/// <summary>
/// Recovers <c>{publisher_identity}</c> from a file name by matching it against the filepath template the egress
/// request asked for (EgressInfo carries no identity of its own). Placeholders MergeBus knows the value of
/// ({room_name}, {room_id}, {track_id}) must match exactly; the others match any text within one path segment.
/// </summary>
public static class FilepathTemplate
{
    public const string PublisherIdentity = "{publisher_identity}";

    private static readonly Regex Placeholder = new(@"\{[a-z_]+\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The identity the template put into <paramref name="filename"/>, or null when it does not say.</summary>
    public static string? IdentityFrom(string template, string filename, string roomName, string roomId, string trackId)
    {
        if (string.IsNullOrEmpty(template) || string.IsNullOrEmpty(filename) || !template.Contains(PublisherIdentity)) return null;
        // The egress appends the extension itself when the template has none (or a wrong one).
        var body = StripExtension(template.Trim().TrimStart('/'));
        var pattern = new StringBuilder("^");
        var last = 0;
        var identityGroups = 0;
        foreach (Match m in Placeholder.Matches(body))
        {
            pattern.Append(Regex.Escape(body[last..m.Index]));
            pattern.Append(m.Value switch
            {
                "{room_name}" => Regex.Escape(roomName),
                "{room_id}" => Regex.Escape(roomId),
                "{track_id}" => Regex.Escape(trackId),
                PublisherIdentity => identityGroups++ == 0 ? "(?<identity>[^/]+?)" : @"\k<identity>",
                _ => "[^/]*?",
            });
            last = m.Index + m.Length;
        }
        pattern.Append(Regex.Escape(body[last..])).Append(@"(\.[A-Za-z0-9]+)?$");
        try
        {
            var match = Regex.Match(filename.TrimStart('/'), pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return match.Success ? match.Groups["identity"].Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string StripExtension(string template)
    {
        var slash = template.LastIndexOf('/');
        var dot = template.LastIndexOf('.');
        return dot > slash && !template[dot..].Contains('}') ? template[..dot] : template;
    }
}
