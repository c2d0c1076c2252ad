using System.Globalization;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Synthesis;

/// <summary>
/// Generates realistic sessions with known truth: tone bursts (one pitch per speaker) at known times,
/// staggered joins, DTX holes cut the way LiveKit records them, and a manifest.json (spec §2).
/// PCM is computed in C# and piped straight into one ffmpeg encoder per participant, so a 4 × 10 min
/// session takes seconds.
/// </summary>
public static class SessionSynthesizer
{
    private const int Rate = SessionSchedule.Rate;
    private static readonly long HangoverSamples = 2 * 960; // keep 40 ms of silence around speech: the decoder settles before onsets.

    public static async Task<SyntheticSession> CreateAsync(string directory, SessionSynthesisOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ParticipantCount, 1);
        Directory.CreateDirectory(directory);
        var joins = SessionSchedule.JoinSamples(options);
        var schedule = SessionSchedule.Bursts(options, joins);
        var duration = (long)Math.Round(options.DurationSeconds * Rate);
        var stamp = new DateTime(2026, 2, 13, 3, 27, 45, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

        var work = Enumerable.Range(0, options.ParticipantCount).Select(async p =>
        {
            var isAgent = p < options.AgentCount;
            var identity = isAgent ? $"agent-{p + 1}" : $"speaker-{p + 1}";
            var id = $"PA_synth{options.Seed}x{p + 1:D2}";
            var format = options.Formats is { } formats && p < formats.Count ? formats[p] : SyntheticFormat.OggOpus;
            var extension = format switch { SyntheticFormat.Wav16kMono => "wav", SyntheticFormat.WebmOpusStereo => "webm", _ => "ogg" };
            var fileName = $"{identity}_{id}_{stamp}.{extension}";
            var path = Path.Combine(directory, fileName);
            var ownBursts = schedule
                .Where(b => b.Participant == p)
                .Select(b => new ToneBurst(b.Start - joins[p], b.End - joins[p], SessionSchedule.Frequency(p), b.Amplitude))
                .ToList();
            var noiseRms = p >= options.ParticipantCount - options.NoiseOnlyParticipants ? options.NoiseRms
                : options.Dense ? options.DenseNoiseRms : 0;
            var (firstAudio, end) = await WriteParticipantAsync(path, format, options, duration - joins[p], ownBursts, noiseRms, options.Seed + p, cancellationToken).ConfigureAwait(false);
            return new SyntheticParticipant(id, identity, fileName, path, format, isAgent, joins[p], SessionSchedule.Frequency(p), firstAudio / (double)Rate, end / (double)Rate);
        });
        var participants = await Task.WhenAll(work).ConfigureAwait(false);

        var bursts = schedule
            .Select(b => new SyntheticBurst(participants[b.Participant].ParticipantId, b.Start / (double)Rate, b.End / (double)Rate, SessionSchedule.Frequency(b.Participant), b.Amplitude, b.IsShout))
            .ToList();
        var expected = participants.Max(p => p.JoinOffsetSeconds + p.TimelineEndSeconds);
        var manifestPath = Path.Combine(directory, "manifest.json");
        await SyntheticManifest.WriteAsync(manifestPath, options, participants, duration, cancellationToken).ConfigureAwait(false);
        return new SyntheticSession(directory, manifestPath, participants, bursts, expected);
    }

    /// <returns>First audio and end of the file's own timeline, in 48 kHz samples.</returns>
    private static async Task<(long FirstAudio, long End)> WriteParticipantAsync(
        string path, SyntheticFormat format, SessionSynthesisOptions options, long length, List<ToneBurst> bursts, double noiseRms, int seed, CancellationToken cancellationToken)
    {
        var channels = format == SyntheticFormat.OggOpus && options.Stereo ? 2 : 1;
        var dtx = options.Dtx && noiseRms == 0; // a noisy line never goes quiet enough for DTX
        var encoded = format == SyntheticFormat.OggOpus && dtx ? path + ".continuous.ogg" : path;
        string[] codec = format switch
        {
            SyntheticFormat.Wav16kMono => ["-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav"],
            SyntheticFormat.WebmOpusStereo => ["-ac", "2", "-c:a", "libopus", "-b:a", "64k", "-f", "webm"],
            _ => ["-c:a", "libopus", "-b:a", options.OpusBitrate.ToString(CultureInfo.InvariantCulture), "-frame_duration", "20", "-f", "ogg"],
        };
        var command = FfmpegCommand.Ffmpeg(
        [
            "-loglevel", "error", "-y",
            "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            .. codec,
            FfmpegCommand.LocalFile(encoded),
        ]);
        await FfmpegRunner.RunAsync(
            command,
            cancellationToken,
            writeStdin: (stdin, ct) => BurstSignal.WriteAsync(stdin, length, bursts, channels, ct, noiseRms, seed)).ConfigureAwait(false);

        if (format != SyntheticFormat.OggOpus)
        {
            return (0, length);
        }

        if (dtx)
        {
            DtxRewriter.Rewrite(encoded, path, (start, end) => bursts.Any(b => start < b.End + HangoverSamples && end > b.Start - HangoverSamples));
            File.Delete(encoded);
        }

        var timeline = OpusTimeline.Read(path);
        return (timeline.Segments[0].TimelineStart, timeline.EndSamples);
    }
}
