using System.Text.Json;
using System.Text.RegularExpressions;

namespace MergeBus.Protocol;

internal static partial class JsonErrors
{
    /// <summary>The parser's reason plus where it happened, on one line.</summary>
    /// <param name="redactInput">
    /// Hides the few input characters the parser quotes ('nope' is an invalid JSON literal): in a document that
    /// holds a secret, even a fragment of it must stay out of logs.
    /// </param>
    public static string ShortReason(JsonException ex, bool redactInput = false)
    {
        var message = ex.Message.ReplaceLineEndings(" ");
        if (redactInput) message = QuotedInput().Replace(message, "'...'");
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut < 0 ? message : message[..cut]).Trim();
        // The serializer names the outer type here, not the field's; the path says which field it was.
        if (reason.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)) reason = "wrong type";
        var where = ex.Path is { Length: > 0 } path ? $" at {path}" : "";
        var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return $"{reason}{where}{line}";
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedInput();
}
