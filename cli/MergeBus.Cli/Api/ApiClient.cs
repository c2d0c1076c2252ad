using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MergeBus.Cli.Api;

/// <summary>The jobs API over HTTP with a bearer token. An error answer becomes one line naming the problem.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient http;

    public ApiClient(string baseUrl, string token)
    {
        http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token.Length > 0) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await GetTextAsync(path, cancellationToken)) ?? throw new ApiException("the API answered nothing");

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path.TrimStart('/'), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw ApiException.From((int)response.StatusCode, body);
        return body;
    }

    public async Task<JsonNode?> PostAsync(string path, string? json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json ?? "", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path.TrimStart('/'), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw ApiException.From((int)response.StatusCode, body);
        return body.Length > 0 ? JsonNode.Parse(body) : null;
    }

    public void Dispose() => http.Dispose();
}
