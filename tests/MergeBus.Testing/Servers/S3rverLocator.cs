using System.Diagnostics;

namespace MergeBus.Testing.Servers;

/// <summary>
/// Finds (or installs once) @20minutes/s3rver and says how to start it. The 5.0.0 package declares
/// "bin": "bin/s3rver.js" but does not ship that file, so there is usually no node_modules/.bin/s3rver; we then
/// call the package's own CLI module (lib/cli.js) through node, which is what that missing bin file did.
/// </summary>
public static class S3rverLocator
{
    public const string PackageSpec = "@20minutes/s3rver@5.0.0";
    public const string OverrideVariable = "MERGEBUS_S3RVER";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public static string NodePrefix => Path.Combine(RepoPaths.ToolsDirectory, "node");

    /// <summary>Executable and leading arguments; append the s3rver flags.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command()
    {
        var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return overridePath.EndsWith(".js", StringComparison.Ordinal) ? Launcher(overridePath) : (overridePath, []);
        }

        return Find() ?? InstallAndFind();
    }

    private static (string, IReadOnlyList<string>)? Find()
    {
        var bin = Path.Combine(NodePrefix, "node_modules", ".bin", "s3rver");
        if (File.Exists(bin))
        {
            return (bin, []);
        }

        var cli = Path.Combine(NodePrefix, "node_modules", "@20minutes", "s3rver", "lib", "cli.js");
        return File.Exists(cli) ? Launcher(cli) : null;
    }

    // cli.js exports parseAsync(argv) and drops argv[0..1]; `node -e` leaves only our flags after the node path.
    private static (string, IReadOnlyList<string>) Launcher(string cliModule) =>
        ("node",
        [
            "-e",
            $"require({System.Text.Json.JsonSerializer.Serialize(cliModule)}).parseAsync(['node', 's3rver', " +
            "...process.argv.slice(1)]).catch(e => { console.error(e); process.exit(1); })",
            "--",
        ]);

    private static (string, IReadOnlyList<string>) InstallAndFind()
    {
        Directory.CreateDirectory(NodePrefix);
        // Test projects run in parallel processes; the lock file keeps two npm installs off one prefix.
        using (AcquireInstallLock())
        {
            if (Find() is { } found)
            {
                return found;
            }

            RunNpmInstall();
        }

        return Find() ?? throw new InvalidOperationException(
            $"s3rver is still missing after `npm install --prefix {NodePrefix} {PackageSpec}`");
    }

    private static FileStream AcquireInstallLock()
    {
        var lockPath = Path.Combine(NodePrefix, ".install.lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                // Kept, not deleted on close: deleting would let a waiter lock an unlinked file while a third
                // process locks a fresh one.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static void RunNpmInstall()
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "install", "--prefix", NodePrefix, PackageSpec, "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(InstallTimeout))
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm install {PackageSpec} took longer than {InstallTimeout}");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm install {PackageSpec} failed ({npm.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }
}
