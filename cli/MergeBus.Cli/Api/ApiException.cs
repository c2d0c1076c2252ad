using System.Text.Json.Nodes;

namespace MergeBus.Cli.Api;

public sealed class ApiException(string message) : Exception(message)
{
    /// <summary>RFC 7807 answers: "403 forbidden: token 'x' has the read role; …".</summary>
    public static ApiException From(int status, string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            var field = problem?["field"] is { } f ? $" (field {f})" : "";
            return new ApiException($"{status} {problem?["title"]}{field}: {problem?["detail"]}");
        }
        catch (System.Text.Json.JsonException)
        {
            return new ApiException($"{status}: {body.Split('\n', 2)[0]}");
        }
    }
}
