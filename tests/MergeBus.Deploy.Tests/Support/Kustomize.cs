using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MergeBus.Deploy.Tests.Support;

public static class Kustomize
{
    public static IReadOnlyList<string> Overlays() =>
        Directory.GetDirectories(Repo.Path("deploy", "k8s", "overlays")).Select(Path.GetFileName).Order().ToList()!;

    /// <summary>`kubectl kustomize deploy/k8s/overlays/NAME`, parsed.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string overlay)
    {
        var (code, output, error) = await RunAsync("kubectl", ["kustomize", Repo.Path("deploy", "k8s", "overlays", overlay)]);
        if (code != 0) throw new Xunit.Sdk.XunitException($"kubectl kustomize {overlay} exited {code}: {error}");
        return Yaml.Documents(output);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    public static IEnumerable<JsonObject> Containers(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!.AsObject());
}
