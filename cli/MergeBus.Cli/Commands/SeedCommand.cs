using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.Storage;
using StackExchange.Redis;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus seed`: acts as the egress once. Synthesizes a session, uploads its tracks and then its manifest to the
/// configured bucket (spec §2), and RPUSHes the job JSON onto the egress queue (spec §1). Compose's one-shot seed
/// service runs it; the same options give the same session, so a test can regenerate the truth.
/// </summary>
public static class SeedCommand
{
    public static Command Create()
    {
        var room = new Option<string>("--room") { Description = "Room name (the session's folder)", DefaultValueFactory = _ => "compose-demo" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same session", DefaultValueFactory = _ => 1 };
        var participants = new Option<int>("--participants") { Description = "Speakers", DefaultValueFactory = _ => 3 };
        var seconds = new Option<double>("--seconds") { Description = "Session length", DefaultValueFactory = _ => 20 };
        var command = new Command("seed", "Act as the egress once: generate a session, upload it and queue its merge job")
        {
            room, seed, participants, seconds,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(Options(parse.GetValue(room)!, parse.GetValue(seed),
            parse.GetValue(participants), parse.GetValue(seconds)), cancellationToken));
        return command;
    }

    /// <summary>The session `seed` generates for these options.</summary>
    public static SessionSynthesisOptions Options(string room, int seed, int participants, double seconds) => new()
    {
        RoomName = room,
        Seed = seed,
        ParticipantCount = Math.Max(2, participants),
        DurationSeconds = Math.Max(5, seconds),
        LateJoinerTalksLast = true,
    };

    private static async Task<int> RunAsync(SessionSynthesisOptions options, CancellationToken cancellationToken)
    {
        var settings = ServiceDefaultsExtensions.LoadSettingsOrExit();
        var local = Directory.CreateTempSubdirectory("mergebus-seed-").FullName;
        try
        {
            var session = await SessionSynthesizer.CreateAsync(local, options, cancellationToken);
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(session.ManifestPath, cancellationToken))!.AsObject();
            var sessionId = (string)manifest["session_id"]!;
            var folder = $"{options.RoomName}/{sessionId}";

            // Tracks first, the manifest last, as the egress does: a manifest never names a missing file.
            var storage = ObjectStorageFactory.Create(settings.Storage);
            var manifestKey = $"{folder}/manifest.json";
            try
            {
                foreach (var participant in session.Participants)
                    await storage.PutFileAsync($"{folder}/{participant.FileName}", participant.Path, cancellationToken);
                await storage.PutFileAsync(manifestKey, session.ManifestPath, cancellationToken);
            }
            finally
            {
                (storage as IDisposable)?.Dispose();
            }

            var now = DateTimeOffset.UtcNow;
            var job = new MergeJob
            {
                Id = $"{sessionId}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}",
                ManifestPath = manifestKey,
                SessionId = sessionId,
                CreatedAt = (now - DateTimeOffset.UnixEpoch).Ticks * 100,
            };
            using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionFactory.ToConfiguration(settings.Redis));
            await redis.GetDatabase().ListRightPushAsync(EgressQueueKeys.Queue, JobJson.Serialize(job));
            Console.Out.WriteLine($"seeded job {job.Id}: {session.Participants.Count} participants, {options.DurationSeconds:F0} s, manifest {manifestKey}");
            return 0;
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
    }
}
