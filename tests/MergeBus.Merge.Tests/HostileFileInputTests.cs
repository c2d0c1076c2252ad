using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Issue 19's hostile-input suite, the files-and-paths part: every row is a session broken one way (today's bad-input
/// kinds of <see cref="BadInputTests"/> and the file, path and output attacks of the review), merged by
/// `mergebus merge` as a user runs it (a process). Each row must exit 1 with one line giving its reason, record the
/// failure in the manifest when the manifest is readable, write no output, leave every input byte-identical and no
/// run folder behind, and stay under <see cref="TimeBound"/> and <see cref="PeakMemoryBound"/>.
/// </summary>
public sealed class HostileFileInputTests(ITestOutputHelper output)
{
    /// <summary>Wall time of one failed merge, process start included, on a 2-core machine shared with other work.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(60);

    /// <summary>Peak resident memory of the merge process (GNU time's maximum RSS of the process and its children).</summary>
    private const long PeakMemoryBound = 256L * 1024 * 1024; // about 95 MiB seen per row

    public static TheoryData<string> RowNames() => [.. Rows.Keys];

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task A_hostile_input_fails_with_its_one_line_reason_and_leaves_no_output_and_every_input_as_it_was(string name)
    {
        var row = Rows[name];
        using var session = row.Encrypted ? await EncryptedSessions.CreateAsync() : await SessionFolder.CreateAsync();
        using var outside = new TempTree("mergebus-hostile-outside");
        using var temp = new TempTree("mergebus-hostile-tmp");
        var scene = new Scene(session, outside.Path);
        var expected = row.Reason.Replace("{input0}", scene.InputName(0), StringComparison.Ordinal);
        var manifestPath = await row.Arrange(scene);
        var before = Contents(session.Directory);

        var run = await RunMergeAsync(manifestPath, row.Encrypted ? EncryptedSessions.TestKey : null, temp.Path);

        output.WriteLine($"{name}: exit {run.ExitCode}, {run.Elapsed.TotalSeconds:F1} s, peak RSS {run.PeakRssBytes / (1024.0 * 1024):F0} MiB");
        Assert.Equal(1, run.ExitCode);
        var reason = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("merge failed:", StringComparison.Ordinal));
        Assert.Contains(expected, reason, StringComparison.OrdinalIgnoreCase);
        if (row.ManifestReadable)
        {
            var roomMix = JsonNode.Parse(File.ReadAllText(manifestPath))!["room_mix"]!;
            Assert.Equal("failed", (string)roomMix["status"]!);
            Assert.Contains(expected, (string)roomMix["error"]!, StringComparison.OrdinalIgnoreCase);
        }

        // No output (no new file of any name) and inputs byte-identical; the manifest alone records the failure.
        Assert.Equal(Without(before, manifestPath), Without(Contents(session.Directory), manifestPath));
        Assert.Empty(Directory.EnumerateDirectories(temp.Path, "run-*"));
        Assert.InRange(run.Elapsed, TimeSpan.Zero, TimeBound);
        Assert.InRange(run.PeakRssBytes, 1, PeakMemoryBound);
    }

    /// <summary>
    /// One hostile session: how to break it, the reason the merge must give ("{input0}" stands for participant 0's
    /// file name), and whether the manifest stays readable.
    /// </summary>
    private sealed record Row(string Reason, Func<Scene, Task<string>> Arrange, bool ManifestReadable = true, bool Encrypted = false);

    /// <summary>What a row breaks: the session, and a folder outside it that a link may point to.</summary>
    private sealed record Scene(SessionFolder Session, string Outside)
    {
        public JsonObject Manifest { get; } = Session.ReadManifest();

        public JsonObject Artifact(int participant) => Session.Artifact(Manifest, participant);

        public string Path(string name) => System.IO.Path.Combine(Session.Directory, name);

        /// <summary>Writes the edited manifest and gives its path.</summary>
        public Task<string> Done()
        {
            Session.WriteManifest(Manifest);
            return Task.FromResult(Session.ManifestPath);
        }

        /// <summary>Points participant 0 at <paramref name="storageUri"/>, stating the size and sha256 of <paramref name="content"/>.</summary>
        public Task<string> PointAt(string storageUri, byte[] content)
        {
            Artifact(0)["storage_uri"] = storageUri;
            Artifact(0)["size"] = content.Length;
            Artifact(0)["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            return Done();
        }

        public byte[] Input(int participant) => File.ReadAllBytes(Session.InputPath(participant));

        public string InputName(int participant) => System.IO.Path.GetFileName(Session.InputPath(participant));
    }

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // Today's bad-input kinds (BadInputTests runs each in process; here as `mergebus merge`).
        ["malformed manifest"] = new("not valid JSON", s =>
        {
            File.WriteAllText(s.Session.ManifestPath, "{\"room_name\": \"r\", \"participants\": [");
            return Task.FromResult(s.Session.ManifestPath);
        }, ManifestReadable: false),
        ["no participants"] = new("no participants", s =>
        {
            s.Manifest["participants"] = new JsonArray();
            return s.Done();
        }),
        ["missing input file"] = new("missing", s =>
        {
            File.Delete(s.Session.InputPath(1));
            return s.Done();
        }),
        ["sha256 mismatch"] = new("sha256 mismatch", s =>
        {
            s.Artifact(1)["sha256"] = new string('f', 64);
            return s.Done();
        }),
        ["storage_uri climbing out with .."] = new("escapes", s =>
        {
            s.Artifact(0)["storage_uri"] = "../../etc/passwd";
            return s.Done();
        }),
        ["corrupt ogg listed with its own sha256"] = new("fetch: {input0}", s =>
        {
            var bytes = s.Input(0);
            for (var i = bytes.Length / 3; i < bytes.Length / 3 + 400; i++) bytes[i] ^= 0x5A;
            s.Session.ReplaceInput(0, bytes);
            return Task.FromResult(s.Session.ManifestPath);
        }),
        ["damaged ogg the manifest does not list"] = new("sha256 mismatch", s =>
        {
            var bytes = s.Input(0);
            for (var i = bytes.Length / 3; i < bytes.Length / 3 + 400; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(s.Session.InputPath(0), bytes);
            return s.Done();
        }),
        ["encrypted file with reordered chunks"] = new("out of order", s =>
        {
            s.Session.ReplaceInput(0, EncryptedSessions.SwapFirstTwoChunks(s.Input(0)));
            return Task.FromResult(s.Session.ManifestPath);
        }, Encrypted: true),
        ["encrypted file the manifest does not list"] = new("sha256 mismatch", s =>
        {
            File.WriteAllBytes(s.Session.InputPath(0), EncryptedSessions.SwapFirstTwoChunks(s.Input(0)));
            return s.Done();
        }, Encrypted: true),
        ["participant joining seventy years late"] = new("maximum session length", s =>
        {
            var joined = s.Manifest["participants"]![1]!["joined_at"]!.GetValue<long>();
            s.Manifest["participants"]![1]!["joined_at"] = joined + 70L * 365 * 24 * 3600 * 1_000_000_000;
            return s.Done();
        }),

        // Issue 19, defect 1: a link whose ".." the kernel resolves after following another link, out of the folder.
        ["symlink escaping through a linked folder"] = new("symbolic link leaves the storage root", s =>
        {
            var secret = s.Input(1);
            Directory.CreateDirectory(System.IO.Path.Combine(s.Outside, "sub"));
            File.WriteAllBytes(System.IO.Path.Combine(s.Outside, "secret.ogg"), secret);
            File.CreateSymbolicLink(s.Path("y"), System.IO.Path.Combine(s.Outside, "sub"));
            File.CreateSymbolicLink(s.Path("x.ogg"), "y/../secret.ogg");
            // As the review ran it: the size a stat of the link itself gives, the sha256 of the file outside.
            s.Artifact(0)["size"] = "y/../secret.ogg".Length;
            s.Artifact(0)["storage_uri"] = "x.ogg";
            s.Artifact(0)["sha256"] = Convert.ToHexStringLower(SHA256.HashData(secret));
            return s.Done();
        }),
        ["symlink to a file outside the folder"] = new("symbolic link leaves the storage root", s =>
        {
            var secret = s.Input(1);
            File.WriteAllBytes(System.IO.Path.Combine(s.Outside, "secret.ogg"), secret);
            File.CreateSymbolicLink(s.Path("x.ogg"), System.IO.Path.Combine(s.Outside, "secret.ogg"));
            return s.PointAt("x.ogg", secret);
        }),

        // Defect 7: size 0 no longer turns the size check off, and nothing but a regular file is opened.
        ["stated size 0 for a real file"] = new("input size mismatch", s =>
        {
            s.Artifact(0)["size"] = 0;
            return s.Done();
        }),
        ["named pipe stated as empty"] = new("not a regular file", async s =>
        {
            using (var mkfifo = Process.Start("mkfifo", [s.Path("pipe.ogg")])) await mkfifo.WaitForExitAsync();
            return await s.PointAt("pipe.ogg", []);
        }),
        ["device file stated as empty"] = new("input zero.ogg refused", s =>
        {
            File.CreateSymbolicLink(s.Path("zero.ogg"), "/dev/zero");
            return s.PointAt("zero.ogg", []);
        }),
        ["directory as input"] = new("missing", s =>
        {
            Directory.CreateDirectory(s.Path("folder.ogg"));
            return s.PointAt("folder.ogg", s.Input(0));
        }),
        ["huge stated size"] = new("mergebus.limits.max_input_bytes", s =>
        {
            s.Artifact(0)["size"] = 1L << 50;
            return s.Done();
        }),

        // Paths that name something else than a file beside the manifest.
        ["absolute storage_uri"] = new("escapes", s =>
        {
            s.Artifact(0)["storage_uri"] = "/etc/passwd";
            return s.Done();
        }),
        ["storage_uri with .. through a subfolder"] = new("escapes", s =>
        {
            s.Artifact(0)["storage_uri"] = "sub/../../other-session/a.ogg";
            return s.Done();
        }),
        ["NUL in storage_uri"] = new("escapes", s =>
        {
            s.Artifact(0)["storage_uri"] = s.InputName(0) + "\0.txt";
            return s.Done();
        }),

        // Defect 3: an output never overwrites what the job reads.
        ["direct_mix_path naming an input"] = new("would overwrite an input", s =>
        {
            s.Manifest["direct_mix_path"] = s.InputName(1);
            return s.Done();
        }),
        ["direct_mix_path naming an input in another case"] = new("would overwrite an input", s =>
        {
            s.Manifest["direct_mix_path"] = s.InputName(1).ToUpperInvariant();
            s.Artifact(1)["storage_uri"] = "./" + s.InputName(1);
            return s.Done();
        }),
        ["direct_mix_path naming the manifest"] = new("would overwrite the manifest", s =>
        {
            // A manifest is found by its path, whatever its name: here one an Ogg mix could take.
            var renamed = s.Path("session.ogg");
            s.Manifest["direct_mix_path"] = "session.ogg";
            s.Session.WriteManifest(s.Manifest);
            File.Move(s.Session.ManifestPath, renamed);
            return Task.FromResult(renamed);
        }),
        ["input named like the speech index"] = new("speech.json would overwrite an input", s =>
        {
            File.Move(s.Session.InputPath(1), s.Path("speech.json"));
            s.Artifact(1)["storage_uri"] = "speech.json";
            return s.Done();
        }),
    };

    private static async Task<(int ExitCode, string Stderr, TimeSpan Elapsed, long PeakRssBytes)> RunMergeAsync(string manifestPath,
        string? masterKey, string tempDirectory)
    {
        var timeReport = Path.Combine(tempDirectory, "time.txt");
        // GNU time reports the process's peak RSS (its children's included) in KiB.
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-f", "%M", "-o", timeReport, "dotnet", Path.Combine(AppContext.BaseDirectory, "mergebus.dll"), "merge", manifestPath })
            start.ArgumentList.Add(argument);
        start.Environment["MERGE_TMP_DIR"] = tempDirectory;
        start.Environment["MERGEBUS_MASTER_KEY"] = masterKey ?? "";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // A guard against a hang (a blocking open used to hold the merge forever), well above the bound asserted.
            using var guard = new CancellationTokenSource(TimeBound * 2);
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the merge was still running after {TimeBound * 2}");
        }

        var elapsed = clock.Elapsed;
        await stdout;
        var peakKib = long.Parse(File.ReadAllLines(timeReport).Last(l => l.Length > 0).Trim(), CultureInfo.InvariantCulture);
        return (process.ExitCode, await stderr, elapsed, peakKib * 1024);
    }

    /// <summary>Every entry under the folder: a regular file by its sha256, anything else (a link, a pipe, a folder) by its kind.</summary>
    private static SortedDictionary<string, string> Contents(string directory)
    {
        var contents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var key = Path.GetRelativePath(directory, entry.FullName);
            contents[key] = entry switch
            {
                { LinkTarget: { } target } => "link to " + target,
                DirectoryInfo => "folder",
                FileInfo file when IsRegular(file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.FullName))),
                _ => "special",
            };
        }

        return contents;
    }

    // A FIFO would block a plain read; stat(1) tells the kind without opening it.
    private static bool IsRegular(FileInfo file)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", file.FullName]) { RedirectStandardOutput = true })!;
        var kind = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return kind.StartsWith("regular", StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Without(SortedDictionary<string, string> contents, string manifestPath)
    {
        var copy = new SortedDictionary<string, string>(contents, StringComparer.Ordinal);
        copy.Remove(Path.GetFileName(manifestPath));
        return copy;
    }

    /// <summary>A temp folder removed with everything in it (links are removed, never followed).</summary>
    private sealed class TempTree(string prefix) : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory(prefix + "-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
