using System.Diagnostics;

namespace MergeBus.LoopbackServers;

/// <summary>
/// npm packages the test servers run, installed once into .tools/node (the `./mergebus` prerequisite step does the
/// same), so a test run started from an IDE still finds them.
/// </summary>
public static class NodePackages
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    public static string Prefix => Path.Combine(RepoPaths.ToolsDirectory, "node");

    /// <summary>The package's directory under node_modules, installing <paramref name="spec"/> when it is missing.</summary>
    public static string Require(string name, string spec)
    {
        var directory = Path.Combine(Prefix, "node_modules", name);
        if (File.Exists(Path.Combine(directory, "package.json"))) return directory;

        Directory.CreateDirectory(Prefix);
        using (AcquireInstallLock())
        {
            if (!File.Exists(Path.Combine(directory, "package.json"))) RunNpmInstall(spec);
        }

        return File.Exists(Path.Combine(directory, "package.json"))
            ? directory
            : throw new InvalidOperationException($"{name} is still missing after `npm install --prefix {Prefix} {spec}`");
    }

    // Test projects run in parallel processes; the lock file keeps two npm installs off one prefix. It is kept, not
    // deleted on close: deleting would let a waiter lock an unlinked file while a third process locks a fresh one.
    private static FileStream AcquireInstallLock()
    {
        var lockPath = Path.Combine(Prefix, ".install.lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static void RunNpmInstall(string spec)
    {
        var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // --ignore-scripts as in ./mergebus: firebase-tools' optional re2 would run node-gyp, which downloads from the internet.
        foreach (var arg in new[] { "install", "--prefix", Prefix, spec, "--no-audit", "--no-fund", "--ignore-scripts" }) start.ArgumentList.Add(arg);
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(InstallTimeout))
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm install {spec} took longer than {InstallTimeout}");
        }

        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm install {spec} failed ({npm.ExitCode}): {stdout.Result}{stderr.Result}");
    }
}
