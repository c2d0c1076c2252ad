using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Cli.Local;
using MergeBus.Cli.Output;
using MergeBus.Configuration;
using MergeBus.Configuration.Outputs;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using MergeBus.ServiceDefaults.Configuration;
using Microsoft.Extensions.Logging;

namespace MergeBus.Cli.Commands;

/// <summary>`mergebus merge MANIFEST`: merge a session held in a local folder, in place.</summary>
public static class MergeCommand
{
    public const string Name = "merge";

    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "Path of the session's manifest.json" };
        var layout = new Option<string?>("--layout")
        {
            Description = "mix (default), per_participant, dual_channel_agent or dual_channel_alternate",
        };
        var formats = new Option<string?>("--format")
        {
            Description = "Comma-separated output formats: ogg_opus, wav_pcm, mp3, flac (default: the manifest's)",
        };
        var loudness = new Option<string?>("--loudness")
        {
            Description = "off (default): everyone at their recorded level; speech: one gain per participant brings their speech to -18 LUFS",
        };
        var masterKey = new Option<string?>("--master-key")
        {
            Description = "Base64 master key of an encrypted session; visible to every user in ps, so prefer --master-key-file or MERGEBUS_MASTER_KEY",
        };
        var masterKeyFile = new Option<string?>("--master-key-file")
        {
            Description = "File holding the base64 master key of an encrypted session",
        };
        var stems = new Option<bool>("--stems")
        {
            Description = "Also write one aligned mono file per person beside the mix (<mix name>_<identity>.<ext>), the mix's length from mix time 0",
        };
        var sampleRate = new Option<int?>("--sample-rate")
        {
            Description = $"Output sample rate over the manifest's: {string.Join(", ", OutputSettingsBinder.SampleRates)} (16000 for speech-to-text, with wav_pcm or flac)",
        };
        var json = new Option<bool>("--json") { Description = "Print the final job record as JSON" };
        var verbose = new Option<bool>("--verbose") { Description = "Log what every service does" };

        var command = new Command(Name, "Merge a recorded session into one room mix, in place")
        {
            manifest, layout, formats, loudness, stems, sampleRate, masterKey, masterKeyFile, json, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (key, keyError) = MasterKeyFrom(parse.GetValue(masterKey), parse.GetValue(masterKeyFile));
            if (keyError is not null)
            {
                Console.Error.WriteLine($"mergebus merge: {keyError}");
                Console.Error.WriteLine(Usage);
                return UsageErrorExitCode;
            }
            MergeLimits limits;
            OutputSettings outputs;
            try
            {
                var environment = ConfigurationValues.FromProcessEnvironment();
                limits = MergeBusSettingsLoader.LoadLimits(environment);
                outputs = OutputSettingsBinder.Bind(environment);
            }
            catch (ConfigurationException wrong)
            {
                Console.Error.WriteLine($"mergebus merge: {wrong.Message}");
                return UsageErrorExitCode;
            }
            var options = new LocalMergeOptions
            {
                Limits = limits,
                ManifestPath = parse.GetValue(manifest)!,
                Layout = parse.GetValue(layout),
                Formats = parse.GetValue(formats)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Loudness = parse.GetValue(loudness),
                MasterKey = key,
                Outputs = outputs with
                {
                    Stems = outputs.Stems || parse.GetValue(stems),
                    SampleRate = parse.GetValue(sampleRate) ?? outputs.SampleRate,
                },
            };
            // A usage error is caught before anything is read or written: the session stays exactly as it was.
            if (UsageError(options) is { } error)
            {
                Console.Error.WriteLine($"mergebus merge: {error}");
                Console.Error.WriteLine(Usage);
                return UsageErrorExitCode;
            }
            return await RunAsync(options, parse.GetValue(json), parse.GetValue(verbose), cancellationToken);
        });
        return command;
    }

    /// <summary>Exit code of a command line that cannot be run as written.</summary>
    public const int UsageErrorExitCode = 2;

    public const string Usage =
        "usage: mergebus merge MANIFEST [--layout LAYOUT] [--format FORMAT[,FORMAT...]] [--loudness off|speech] [--stems] [--sample-rate HZ] [--master-key-file FILE] [--json] [--verbose]";

    /// <summary>
    /// The key from --master-key-file, --master-key (with a warning: every user sees a command line in ps), or
    /// MERGEBUS_MASTER_KEY. An error never quotes the file's content.
    /// </summary>
    private static (string? Key, string? Error) MasterKeyFrom(string? flag, string? file)
    {
        if (flag is not null && file is not null) return (null, "give --master-key or --master-key-file, not both");
        if (file is not null)
        {
            try
            {
                var text = File.ReadAllText(file).Trim();
                return text.Length == 0 ? (null, $"--master-key-file {file} is empty") : (text, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"--master-key-file {file} cannot be read ({e.GetType().Name})");
            }
        }
        if (flag is not null)
        {
            Console.Error.WriteLine(
                "mergebus merge: warning: --master-key is visible to every user of this machine (ps, /proc); use --master-key-file or MERGEBUS_MASTER_KEY");
            return (flag, null);
        }
        return (NullIfEmpty(Environment.GetEnvironmentVariable("MERGEBUS_MASTER_KEY")), null);
    }

    private static string? UsageError(LocalMergeOptions options)
    {
        try
        {
            if (options.Layout is not null) MixLayouts.Validate(options.Layout);
            if (options.Loudness is not null) LoudnessModes.Validate(options.Loudness);
            if (options.Outputs.SampleRate is { } rate && !OutputSettingsBinder.SampleRates.Contains(rate))
                return $"--sample-rate {rate} is not one of {string.Join(", ", OutputSettingsBinder.SampleRates)}";
            if (options.Formats is not null)
            {
                if (options.Formats.Count == 0) return "--format needs at least one format";
                OutputFormats.Validate(options.Formats);
            }
            return null;
        }
        catch (PermanentMergeException bad)
        {
            return bad.Message;
        }
    }

    public static async Task<int> RunAsync(LocalMergeOptions options, bool json, bool verbose,
        CancellationToken cancellationToken)
    {
        var progress = new ProgressDisplay(quiet: json);
        try
        {
            var result = await LocalMergeRunner.RunAsync(options, progress.OnProgress, progress.OnStep,
                verbose ? LogLevel.Information : LogLevel.Warning, cancellationToken);
            progress.Finish();
            if (json)
            {
                Console.Out.WriteLine(JobRecordJson(result));
            }
            else if (result.Outcome.Succeeded)
            {
                foreach (var artifact in result.Outcome.Artifacts)
                {
                    var whose = artifact.ParticipantIdentity is { } person ? $" stem of {person}" : "";
                    Console.Out.WriteLine($"{artifact.Format}{whose}: {Path.Combine(Path.GetDirectoryName(result.ManifestPath)!, artifact.StorageUri)} " +
                        $"({artifact.DurationMs / 1000.0:F3} s, {artifact.Size} bytes)");
                }
                Console.Out.WriteLine($"manifest updated: {result.ManifestPath}");
            }

            if (!result.Outcome.Succeeded) Console.Error.WriteLine($"merge failed: {result.Outcome.Reason}");
            return result.Outcome.Succeeded ? 0 : 1;
        }
        catch (PermanentMergeException bad)
        {
            progress.Finish();
            Console.Error.WriteLine($"merge failed: {bad.Message}");
            return 1;
        }
    }

    /// <summary>Only a stem names its person: the mix's and the index's rows stay as they were.</summary>
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static string JobRecordJson(LocalMergeResult result)
    {
        var record = JsonNode.Parse(JobJson.Serialize(result.Status))!.AsObject();
        record["room_mix"] = JsonSerializer.SerializeToNode(result.Outcome.Artifacts.Select(a => new
        {
            format = a.Format,
            storage_uri = a.StorageUri,
            size = a.Size,
            sha256 = a.Sha256,
            duration_ms = a.DurationMs,
            participant_identity = a.ParticipantIdentity,
        }), WithoutNulls);
        // Speaker leveling as the manifest records it: per participant the speech loudness measured and the gain applied.
        var roomMix = result.Outcome.Succeeded ? JsonNode.Parse(File.ReadAllText(result.ManifestPath))?["room_mix"] : null;
        if (roomMix?["loudness"] is { } loudness)
        {
            record["loudness"] = loudness.DeepClone();
        }

        // The time map as the manifest records it: mix time + origin_unix_ns is meeting time.
        if (roomMix?["timeline"] is { } timeline)
        {
            record["timeline"] = timeline.DeepClone();
        }

        if (result.Outcome.Transfer is { } moved)
        {
            record["bytes_moved"] = new JsonObject
            {
                ["downloaded"] = moved.BytesDownloaded,
                ["uploaded"] = moved.BytesUploaded,
            };
        }

        return record.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
