using System.Diagnostics;
using MergeBus.LoopbackServers;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Defect 8: the `mergebus` launcher rebuilds only when a source changed. It runs in a copy of the repository's
/// layout with a stand-in `dotnet` on PATH that logs each build: a real build takes minutes and proves nothing here.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mergebus-launcher-").FullName;
    private string BuildLog => Path.Combine(root, "builds.log");

    public LauncherTests()
    {
        File.Copy(Path.Combine(RepoPaths.RepoRoot, "mergebus"), Path.Combine(root, "mergebus"));
        MakeExecutable(Path.Combine(root, "mergebus"));
        Write("cli/MergeBus.Cli/Program.cs", "// source");
        Write("cli/MergeBus.Cli/MergeBus.Cli.csproj", "<Project />");
        Write("shared/MergeBus.Protocol/Manifest.cs", "// source");
        Write("Directory.Packages.props", "<Project />");
        // The stand-in SDK: `build` or `publish` (the launcher publishes ReadyToRun where it knows the machine's
        // runtime identifier) logs itself and writes the DLL only when it has none (as an incremental build that
        // changes nothing leaves the DLL's timestamp alone); running the DLL prints a version.
        Write("fakebin/dotnet", $$"""
            #!/usr/bin/env bash
            case "$1" in
              --list-sdks) echo "10.0.100 [/usr/share/dotnet/sdk]" ;;
              build|publish) echo "$*" >> "{{BuildLog}}"; out="${@: -1}"
                     for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
                     mkdir -p "$out"; [ -f "$out/mergebus.dll" ] || echo dll > "$out/mergebus.dll" ;;
              *) echo "mergebus 1.0" ;;
            esac
            """);
        MakeExecutable(Path.Combine(root, "fakebin/dotnet"));
    }

    [Fact]
    public async Task Output_written_by_a_demo_or_a_bench_does_not_make_the_next_command_build_again()
    {
        await RunAsync("--version");
        Assert.Equal(1, Builds());
        await Task.Delay(1100); // file times have 1 s resolution on some file systems
        Write("out/demo/manifest.json", "{}");
        Write("bench/report.json", "{}");
        Write("docs/notes.md", "x");

        var (exitCode, stdout) = await RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Contains("mergebus 1.0", stdout);
        Assert.Equal(1, Builds());
    }

    [Fact]
    public async Task A_changed_source_file_makes_the_next_command_build_once()
    {
        await RunAsync("--version");
        await Task.Delay(1100);
        Write("shared/MergeBus.Protocol/Manifest.cs", "// changed");

        await RunAsync("--version");
        await RunAsync("--version");

        Assert.Equal(2, Builds());
    }

    [Fact]
    public async Task The_launcher_publishes_the_CLI_ReadyToRun_for_this_machine_into_the_folder_it_runs_it_from()
    {
        // The launcher knows the Linux identifiers of these two (the machines the project runs on).
        var rid = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? "linux-arm64" : "linux-x64";

        var (exitCode, _) = await RunAsync("--version");

        Assert.Equal(0, exitCode);
        var build = Assert.Single(File.ReadAllLines(BuildLog));
        Assert.StartsWith("publish ", build);
        Assert.Contains($"-r {rid} --self-contained false -p:PublishReadyToRun=true", build);
        Assert.EndsWith("-o " + Path.Combine(root, ".artifacts", "cli"), build);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static void MakeExecutable(string path)
    {
        // The launcher is a bash script: these tests run where bash does.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private int Builds() => File.Exists(BuildLog) ? File.ReadAllLines(BuildLog).Length : 0;

    private void Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    private async Task<(int ExitCode, string Stdout)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(root, "mergebus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = Path.Combine(root, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        await stderr;
        return (process.ExitCode, await stdout);
    }
}
