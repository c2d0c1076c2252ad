using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Synthesis;

/// <summary>Writes manifest.json the way the egress recorder does (spec §2); storage_uri is the file name.</summary>
internal static class SyntheticManifest
{
    private const long SessionStartNs = 1_770_953_265_000_000_000;

    public static async Task WriteAsync(string manifestPath, SessionSynthesisOptions options, IReadOnlyList<SyntheticParticipant> participants, long durationSamples, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var p in participants)
        {
            var info = new FileInfo(p.Path);
            var joinedAt = SessionStartNs + ToNanoseconds(p.JoinOffsetSamples);
            list.Add(new JsonObject
            {
                ["participant_id"] = p.ParticipantId,
                ["participant_identity"] = p.Identity,
                ["track_id"] = "TR_" + p.ParticipantId[3..],
                ["joined_at"] = joinedAt,
                ["left_at"] = SessionStartNs + ToNanoseconds(durationSamples),
                ["artifacts"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["format"] = p.Format switch { SyntheticFormat.Wav16kMono => "wav_pcm", SyntheticFormat.WebmOpusStereo => "webm_opus", _ => "ogg_opus" },
                        ["filename"] = p.FileName,
                        ["storage_uri"] = p.FileName,
                        ["size"] = info.Length,
                        ["duration_ms"] = AudioPresentMs(p),
                        ["sha256"] = await Sha256HexAsync(p.Path, cancellationToken).ConfigureAwait(false),
                        ["uploaded_at"] = SessionStartNs + ToNanoseconds(durationSamples) + 50_000_000,
                    },
                },
            });
        }

        var manifest = new JsonObject
        {
            ["egress_id"] = $"EG_synth{options.Seed}",
            ["room_id"] = $"RM_synth{options.Seed}",
            ["room_name"] = options.RoomName,
            ["session_id"] = $"EG_synth{options.Seed}",
            ["formats"] = new JsonArray([.. options.ManifestFormats.Select(f => (JsonNode)JsonValue.Create(f))]),
            ["sample_rate"] = options.ManifestSampleRate,
            ["channel_count"] = options.ManifestChannelCount,
            ["started_at"] = SessionStartNs,
            ["ended_at"] = SessionStartNs + ToNanoseconds(durationSamples) + 100_000_000,
            ["participants"] = list,
            ["status"] = "completed",
        };
        if (options.DirectMixPath is { } direct)
        {
            manifest["direct_mix_path"] = direct;
        }

        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rounded to the nanosecond; converting back to 48 kHz samples with rounding gives the exact sample.</summary>
    private static long ToNanoseconds(long samples48k) => (long)Math.Round(samples48k * 1_000_000_000.0 / 48000);

    private static long AudioPresentMs(SyntheticParticipant p) => p.Format == SyntheticFormat.OggOpus
        ? OpusTimeline.Read(p.Path).AudioSamples / 48
        : (long)Math.Round(p.TimelineEndSeconds * 1000);

    private static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
