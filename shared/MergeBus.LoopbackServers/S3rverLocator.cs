namespace MergeBus.LoopbackServers;

/// <summary>
/// Finds (or installs once) @20minutes/s3rver and says how to start it. The 5.0.0 package declares
/// "bin": "bin/s3rver.js" but does not ship that file, so there is usually no node_modules/.bin/s3rver; we then
/// call the package's own CLI module (lib/cli.js) through node, which is what that missing bin file did.
/// </summary>
public static class S3rverLocator
{
    public const string PackageSpec = "@20minutes/s3rver@5.0.0";
    public const string OverrideVariable = "MERGEBUS_S3RVER";

    public static string NodePrefix => NodePackages.Prefix;

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
        NodePackages.Require("@20minutes/s3rver", PackageSpec);
        return Find() ?? throw new InvalidOperationException(
            $"s3rver is still missing after `npm install --prefix {NodePrefix} {PackageSpec}`");
    }
}
