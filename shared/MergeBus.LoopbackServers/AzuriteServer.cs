using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using MergeBus.Storage;
using MergeBus.Storage.Azure;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real Azurite blob service (npm azurite 3.37.0) on a loopback port with a throw-away data directory. Always with
/// --disableTelemetry: without it Azurite phones out to a cloud metadata address (spec §6).
/// </summary>
public partial class AzuriteServer : NodeEmulator
{
    public const string PackageSpec = "azurite@3.37.0"; // always run with --disableTelemetry (Prepare)

    /// <summary>Azurite's well-known development account (public, documented; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The blob service URL, e.g. http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public static async Task<AzuriteServer> StartAsync(params string[] containers)
    {
        var server = new AzuriteServer();
        await server.InitializeAsync();
        foreach (var container in containers) await server.CreateContainerAsync(container);
        return server;
    }

    protected override string WorkDirectoryPrefix => "mergebus-blob-";

    // Port 0: the kernel picks a free port and Azurite prints the one it bound, so no two servers race.
    protected override Launch Prepare(DirectoryInfo workDirectory) => new(
    [
        Path.Combine(NodePackages.Require("azurite", PackageSpec), "dist", "src", "blob", "main.js"), "--disableTelemetry",
        "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", workDirectory.FullName,
        "--loose", "--skipApiVersionCheck", "--silent",
    ], new Dictionary<string, string>(), ListeningLine(), TimeSpan.FromSeconds(60));

    protected override void OnReady(Match ready) => Endpoint = $"http://127.0.0.1:{ready.Groups[1].Value}/{AccountName}";

    public AzureStorageOptions Options(string container, string? prefix = null) => new()
    {
        AccountName = AccountName,
        AccountKey = AccountKey,
        ContainerName = container,
        Prefix = prefix,
        Endpoint = Endpoint,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public async Task CreateContainerAsync(string container) =>
        await AzureClientFactory.Create(Options(container)).GetBlobContainerClient(container).CreateIfNotExistsAsync();

    /// <summary>A store on <paramref name="container"/> (created if missing) under <paramref name="prefix"/>.</summary>
    public async Task<AzureObjectStorage> CreateStorageAsync(string container, string? prefix = null)
    {
        await CreateContainerAsync(container);
        return new AzureObjectStorage(Options(container, prefix));
    }

    [GeneratedRegex(@"successfully listens on https?://[^:]+:(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
