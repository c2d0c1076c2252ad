using System.Text.RegularExpressions;
using MergeBus.Storage.Gcs;

namespace MergeBus.LoopbackServers;

/// <summary>
/// firebase-tools' Cloud Storage emulator (npm firebase-tools 15.34.2), started alone by gcs-emulator.cjs on a loopback
/// port: a real GCS JSON API server. Reached unauthenticated, so no client ever asks a metadata server for a token.
/// Its quirks (spec §6): buckets appear on first use (CreateBucket answers 501), and an upload of more than one
/// resumable chunk is truncated, so <see cref="Options"/> sets a chunk larger than any object a test writes.
/// </summary>
public partial class GcsEmulatorServer : NodeEmulator
{
    public const string PackageSpec = "firebase-tools@15.34.2";

    /// <summary>Above the largest test object (the contract suite writes 20 MiB + a little; the emulator accepts 130 MB).</summary>
    public const int TestChunkSize = 64 * 1024 * 1024;

    /// <summary>
    /// The JSON API base: the server root, http://127.0.0.1:PORT/. The emulator serves reads, lists and deletes under
    /// /storage/v1/ too, but objects.rewrite (server-side copy) only at the root.
    /// </summary>
    public string Endpoint { get; private set; } = string.Empty;

    public static string Script => Path.Combine(RepoPaths.RepoRoot, "shared", "MergeBus.LoopbackServers", "gcs-emulator.cjs");

    public static async Task<GcsEmulatorServer> StartAsync()
    {
        var server = new GcsEmulatorServer();
        await server.InitializeAsync();
        return server;
    }

    protected override string WorkDirectoryPrefix => "mergebus-gcs-";

    protected override Launch Prepare(DirectoryInfo workDirectory)
    {
        var home = Directory.CreateDirectory(Path.Combine(workDirectory.FullName, "home")).FullName;
        return new Launch([Script, NodePackages.Require("firebase-tools", PackageSpec)], new Dictionary<string, string>
        {
            // Its upload spool (else /tmp/firebase) and config store stay in our throw-away directory.
            ["TMPDIR"] = workDirectory.FullName,
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = home,
            // Usage tracking runs only when this is set (lib/track.js): make sure it is not.
            ["IS_FIREBASE_CLI"] = "",
        }, ListeningLine(), TimeSpan.FromSeconds(90));
    }

    protected override void OnReady(Match ready) => Endpoint = $"http://127.0.0.1:{ready.Groups[1].Value}/";

    public GcsStorageOptions Options(string bucket, string? prefix = null) => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        Endpoint = Endpoint,
        UploadChunkSize = TestChunkSize,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public GcsObjectStorage CreateStorage(string bucket, string? prefix = null) => new(Options(bucket, prefix));

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
