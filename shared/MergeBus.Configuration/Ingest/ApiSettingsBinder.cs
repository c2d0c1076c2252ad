using System.Text.RegularExpressions;

namespace MergeBus.Configuration.Ingest;

/// <summary>mergebus.api: the listen address and the tokens [{name, token, role}] (MERGEBUS__API__TOKENS__0__TOKEN from the environment).</summary>
public static partial class ApiSettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(["mergebus.api.listen", "mergebus.api.tokens"], TokenKey());

    [GeneratedRegex(@"^mergebus\.api\.tokens\.\d+\.(name|token|role)$", RegexOptions.IgnoreCase)]
    private static partial Regex TokenKey();

    public static ApiSettings Bind(ConfigurationValues values)
    {
        var tokens = new List<ApiToken>();
        for (var i = 0; values.HasAnyUnder($"mergebus.api.tokens.{i}."); i++)
        {
            var prefix = $"mergebus.api.tokens.{i}";
            var name = values.Required($"{prefix}.name");
            var token = values.Required($"{prefix}.token");
            if (token.Length < 16) throw new ConfigurationException($"{prefix}.token", "must be at least 16 characters");
            var role = (values.Get($"{prefix}.role") ?? "").ToLowerInvariant();
            if (!ApiRoles.All.Contains(role)) throw new ConfigurationException($"{prefix}.role", "must be read or operate");
            tokens.Add(new ApiToken(name, token, role));
        }
        var listen = values.Get("mergebus.api.listen") ?? ApiSettings.DefaultListen;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException("mergebus.api.listen", "must be an http(s) URL such as http://127.0.0.1:8080");
        return new ApiSettings { Tokens = tokens, Listen = listen };
    }
}
