using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Cli.Local;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Merge.Tests;

/// <summary>A synthetic session in a temp folder, with helpers to break it the ways real inputs break.</summary>
public sealed class SessionFolder : IDisposable
{
    private SessionFolder(SyntheticSession session) => Session = session;

    public SyntheticSession Session { get; }
    public string Directory => Session.Directory;
    public string ManifestPath => Session.ManifestPath;

    public static async Task<SessionFolder> CreateAsync(SessionSynthesisOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mergebus-merge-tests", Guid.NewGuid().ToString("N"));
        var session = await SessionSynthesizer.CreateAsync(directory, options ?? new SessionSynthesisOptions
        {
            ParticipantCount = 2,
            DurationSeconds = 4,
        });
        return new SessionFolder(session);
    }

    public JsonObject ReadManifest() => JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();

    public void WriteManifest(JsonObject manifest) => File.WriteAllText(ManifestPath, manifest.ToJsonString());

    public JsonObject Artifact(JsonObject manifest, int participant) =>
        manifest["participants"]![participant]!["artifacts"]![0]!.AsObject();

    public string InputPath(int participant) => Path.Combine(Directory, Session.Participants[participant].FileName);

    /// <summary>Rewrites a participant's file and records its new size and sha256, as a recorder would.</summary>
    public void ReplaceInput(int participant, byte[] content)
    {
        File.WriteAllBytes(InputPath(participant), content);
        var manifest = ReadManifest();
        var artifact = Artifact(manifest, participant);
        artifact["size"] = content.Length;
        artifact["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
        WriteManifest(manifest);
    }

    /// <summary>Every file's bytes, to prove a failed merge touched no input.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        System.IO.Directory.GetFiles(Directory).ToDictionary(f => Path.GetFileName(f),
            f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))))!;

    public IReadOnlyList<string> MixOutputs() =>
        System.IO.Directory.GetFiles(Directory, "room_mix*").Select(Path.GetFileName).ToList()!;

    public Task<LocalMergeResult> MergeAsync(string? masterKey = null, string? layout = null,
        IReadOnlyList<string>? formats = null, TimeSpan? maxSession = null, string? loudness = null, MergeLimits? limits = null) =>
        LocalMergeRunner.RunAsync(new LocalMergeOptions
        {
            ManifestPath = ManifestPath,
            MasterKey = masterKey,
            Layout = layout,
            Formats = formats,
            Loudness = loudness,
            Limits = (limits ?? new()) with { MaxSessionDuration = maxSession ?? (limits ?? new()).MaxSessionDuration },
        }, null, null, Microsoft.Extensions.Logging.LogLevel.Warning, CancellationToken.None);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
