using Microsoft.AspNetCore.Http;

namespace MergeBus.Ingest.Components.Api;

/// <summary>RFC 7807 problem details for every error the API returns. A 400 names the field in <c>field</c>.</summary>
public static class Problems
{
    public static IResult BadRequest(string field, string detail) => Results.Problem(
        title: $"invalid {field}", detail: detail, statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult Unauthorized() => Results.Problem(
        title: "unauthorized", detail: "send an API token: Authorization: Bearer <token> (mergebus.api.tokens)",
        statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Forbidden(string name) => Results.Problem(
        title: "forbidden", detail: $"token '{name}' has the read role; this needs operate",
        statusCode: StatusCodes.Status403Forbidden);

    public static IResult Forbidden(string title, string detail) => Results.Problem(
        title: title, detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static IResult NotFound(string detail) => Results.Problem(
        title: "not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) => Results.Problem(
        title: "conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult TooLarge(string detail) => Results.Problem(
        title: "too large", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["field"] = "body" });

    public static IResult NotJson() => Results.Problem(
        title: "unsupported media type", detail: "send the job as Content-Type: application/json",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult TooManyRequests(string detail) => Results.Problem(
        title: "too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests);
}
