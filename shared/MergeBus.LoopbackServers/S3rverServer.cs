using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using MergeBus.Storage.S3;
using MergeBus.Storage;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real s3rver (@20minutes/s3rver 5.0.0) on a loopback port with a throw-away data directory.
/// Start it with <see cref="StartAsync"/>, or as an xUnit fixture (MergeBus.Testing's S3rverFixture, started by
/// <see cref="InitializeAsync"/>). Disposing kills the whole process tree and deletes the data directory.
/// s3rver ignores conditional writes (If-None-Match); nothing here depends on them.
/// </summary>
public partial class S3rverServer : IDisposable
{
    /// <summary>
    /// The fixes both this fixture and the compose stand-in preload into s3rver (one file; it says why each is
    /// needed): copy sources decoded like S3 does, a DeleteObject that does not race a sibling's PutObject, and
    /// array methods older Node.js lacks.
    /// </summary>
    public static string Patches => Path.Combine(RepoPaths.RepoRoot, "deploy", "images", "stand-ins", "s3rver-patches.js");

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly OutputTail _output = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Process? _process;
    private DirectoryInfo? _workDirectory;

    /// <summary>s3rver's built-in credentials.</summary>
    public string AccessKey => "S3RVER";

    public string Secret => "S3RVER";

    public string Endpoint { get; private set; } = string.Empty;

    public string DataDirectory => _workDirectory is null ? string.Empty : Path.Combine(_workDirectory.FullName, "data");

    /// <summary>The command line used to start the server, for reports and debugging.</summary>
    public string CommandLine { get; private set; } = string.Empty;

    public static async Task<S3rverServer> StartAsync(params string[] buckets)
    {
        var server = new S3rverServer();
        await server.StartCoreAsync(buckets);
        return server;
    }

    public Task InitializeAsync() => StartCoreAsync([]);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public S3StorageOptions Options(string bucket, string? prefix = null) => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        Endpoint = Endpoint,
        Region = S3StorageOptions.DefaultRegion,
        ForcePathStyle = true, // 127.0.0.1 has no bucket subdomains
        AccessKey = AccessKey,
        Secret = Secret,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A store on <paramref name="bucket"/> (created if missing) under <paramref name="prefix"/>.</summary>
    public async Task<S3ObjectStorage> CreateStorageAsync(string bucket, string? prefix = null)
    {
        await CreateBucketAsync(bucket);
        return new S3ObjectStorage(Options(bucket, prefix));
    }

    public async Task CreateBucketAsync(string bucket)
    {
        using var client = S3ClientFactory.Create(Options(bucket));
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }

        try
        {
            _workDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; a failing Dispose would hide the test's real result.
        }
    }

    private async Task StartCoreAsync(IReadOnlyList<string> buckets)
    {
        try
        {
            await LaunchAsync(buckets);
        }
        catch
        {
            Dispose(); // never leave a half-started server behind
            throw;
        }
    }

    private async Task LaunchAsync(IReadOnlyList<string> buckets)
    {
        _workDirectory = Directory.CreateTempSubdirectory("mergebus-s3rver-");
        var preload = Patches;
        var (fileName, prefixArguments) = S3rverLocator.Command();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["NODE_OPTIONS"] = $"--require \"{preload}\" {Environment.GetEnvironmentVariable("NODE_OPTIONS")}".Trim() },
        };
        // Port 0: the kernel picks a free port and s3rver prints it, so two servers can never race for one port.
        // --allowMismatchedSignatures: s3rver signs bucket-level paths as "/bucket" while the .NET SDK sends and
        // signs "/bucket/", so every ListObjects/PutBucket would fail with SignatureDoesNotMatch. Unknown access
        // keys are still refused (InvalidAccessKeyId), so requests must still carry the S3RVER key.
        var flags = new List<string>
        {
            "-d", DataDirectory, "-a", "127.0.0.1", "-p", "0", "--silent", "--allowMismatchedSignatures",
        };
        foreach (var bucket in buckets)
        {
            flags.AddRange(["--configure-bucket", bucket]);
        }

        foreach (var arg in prefixArguments.Concat(flags))
        {
            start.ArgumentList.Add(arg);
        }

        CommandLine = $"NODE_OPTIONS={Quote(start.Environment["NODE_OPTIONS"]!)} " +
                      string.Join(' ', start.ArgumentList.Prepend(fileName).Select(Quote));
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException(
            $"s3rver exited before listening.\n{CommandLine}\n{_output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var port = await _listening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        Endpoint = $"http://127.0.0.1:{port}";
        await WaitUntilAnsweringAsync();
    }

    private void OnOutput(string? line)
    {
        _output.Add(line);
        if (line is not null && ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Any HTTP answer (403 for an unsigned request is typical) proves the server is serving.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var _ = await http.GetAsync(Endpoint + "/");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '(' or ')' or '[' or '$')
        ? "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : arg;

    [GeneratedRegex(@"listening on \S+:(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
