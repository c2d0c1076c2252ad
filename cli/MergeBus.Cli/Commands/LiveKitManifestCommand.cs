using System.CommandLine;
using System.Security.Cryptography;
using MergeBus.LiveKit.Manifests;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus livekit manifest EGRESSINFO.json…`: the manifest the LiveKit intake would write, from EgressInfo JSON a
/// team already holds (webhook bodies, `lk egress list --json`), so that `mergebus merge` can mix old recordings.
/// </summary>
public static class LiveKitManifestCommand
{
    public const string Name = "manifest";
    private const string Prefix = "mergebus livekit manifest";

    public const string Usage =
        "usage: mergebus livekit manifest EGRESSINFO.json... [--tracks TRACKS.json] [--room-finished] [--root DIR] [--manifest-path PATH] [--format FORMAT[,FORMAT...]] > manifest.json";

    public static Command Create()
    {
        var files = new Argument<string[]>("egressinfo")
        {
            Description = "EgressInfo JSON files: one object, an array, a ListEgress answer (lk egress list --json) or webhook bodies",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tracks = new Option<string?>("--tracks") { Description = "JSON naming each track's participant: {\"TR_x\": \"alice\"} or [{track_id, participant_identity, participant_id}]" };
        var roomFinished = new Option<bool>("--room-finished") { Description = "The room is over: egresses that never ended are listed, not waited for" };
        var root = new Option<string?>("--root") { Description = "Where the files' keys (FileInfo.filename) resolve to local files (default: the current directory)" };
        var manifestPath = new Option<string?>("--manifest-path") { Description = "The manifest's key, with {room_name} and {room_id} (default: the files' common folder)" };
        var formats = new Option<string?>("--format") { Description = "Mix formats the manifest asks for (default: ogg_opus)" };

        var command = new Command(Name, "Build a MergeBus manifest from stock LiveKit track egress EgressInfo JSON")
        {
            files, tracks, roomFinished, root, manifestPath, formats,
        };
        command.SetAction(parse => Run(
            parse.GetValue(files) ?? [], parse.GetValue(tracks), parse.GetValue(roomFinished),
            parse.GetValue(root), parse.GetValue(manifestPath), parse.GetValue(formats)));
        return command;
    }

    private static int Run(string[] files, string? tracksFile, bool roomFinished, string? root, string? manifestPath, string? formats)
    {
        if (files.Length == 0) return UsageError("give at least one EgressInfo JSON file");
        var rootDirectory = Path.GetFullPath(root ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(rootDirectory)) return UsageError($"--root {root} is not a directory");
        IReadOnlyList<string> outputFormats = ["ogg_opus"];
        if (formats is not null)
        {
            try
            {
                outputFormats = OutputFormats.Validate(formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                if (outputFormats.Count == 0) return UsageError("--format needs at least one format");
            }
            catch (PermanentMergeException bad)
            {
                return UsageError(bad.Message);
            }
        }
        var inputs = new List<(string Path, byte[] Bytes)>();
        foreach (var path in files.Append(tracksFile).OfType<string>())
        {
            try
            {
                inputs.Add((path, File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return UsageError($"{path} cannot be read ({e.GetType().Name})");
            }
        }

        try
        {
            var session = new RoomSession();
            var infos = new List<EgressInfo>();
            foreach (var (path, bytes) in inputs.Take(files.Length))
                infos.AddRange(Named(path, () => LiveKitJson.ParseEgressInfos(bytes)));
            var rooms = infos.Select(i => i.RoomId).Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
            if (rooms.Count > 1) throw new PermanentMergeException($"the EgressInfo files span {rooms.Count} rooms ({string.Join(", ", rooms)}): give one room's");
            session.ApplyLookup(infos);
            if (tracksFile is not null)
                foreach (var track in Named(tracksFile, () => LiveKitTracksFile.Parse(inputs[^1].Bytes)))
                    session.AddTrack(track);

            var (sizes, hashes) = MeasureFiles(session, rootDirectory);
            var manifest = LiveKitManifestBuilder.Build(session, new LiveKitManifestOptions
            {
                ManifestPath = manifestPath,
                Formats = outputFormats,
                AllowUnended = roomFinished,
                Sha256ByKey = hashes,
                SizeByKey = sizes,
            });
            foreach (var warning in manifest.Warnings) Console.Error.WriteLine($"{Prefix}: warning: {warning}");
            Console.Error.WriteLine($"{Prefix}: {manifest.FileKeys.Count} file(s); write it to {manifest.ManifestKey} under {rootDirectory}");
            Console.Out.WriteLine(manifest.Json);
            return 0;
        }
        catch (PermanentMergeException bad)
        {
            Console.Error.WriteLine($"{Prefix}: {bad.Message}");
            return 1;
        }
    }

    private static T Named<T>(string path, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (PermanentMergeException bad)
        {
            throw new PermanentMergeException($"{path}: {bad.Message}", bad);
        }
    }

    /// <summary>
    /// Stock egress reports no hash, so each file to mix is read here: it must exist under the root (by its key, or
    /// by its bare name), and be the size EgressInfo reports.
    /// </summary>
    private static (Dictionary<string, long> Sizes, Dictionary<string, string> Hashes) MeasureFiles(RoomSession session, string root)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in LiveKitManifestBuilder.MixableFiles(session))
        {
            var key = file.Filename.Trim().TrimStart('/');
            if (key.Length == 0) continue; // the builder names it
            var local = new[] { Path.Combine(root, key), Path.Combine(root, Path.GetFileName(key)) }
                .Select(Path.GetFullPath)
                .FirstOrDefault(p => p.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(p))
                ?? throw new PermanentMergeException($"recording {key} is missing: not found under {root}");
            var length = new System.IO.FileInfo(local).Length;
            if (file.Size > 0 && length != file.Size)
                throw new PermanentMergeException($"recording {key} is {length} bytes, EgressInfo says {file.Size}");
            using var stream = File.OpenRead(local);
            sizes[key] = length;
            hashes[key] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return (sizes, hashes);
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"{Prefix}: {message}");
        Console.Error.WriteLine(Usage);
        return MergeCommand.UsageErrorExitCode;
    }
}
