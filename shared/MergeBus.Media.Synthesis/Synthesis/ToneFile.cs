using MergeBus.Media.Ffmpeg;

namespace MergeBus.Media.Synthesis;

/// <summary>
/// One mono Ogg Opus file of tone bursts over silence, continuous (no DTX), for hand-built sessions: a person's
/// fragments (a rejoin cutting a word), two devices at once. Bursts are in the file's own timeline, seconds.
/// </summary>
public static class ToneFile
{
    public static async Task WriteOggOpusAsync(string path, double lengthSeconds, IReadOnlyList<(double Start, double End, double FrequencyHz, double Amplitude)> bursts,
        CancellationToken cancellationToken = default)
    {
        var command = FfmpegCommand.Ffmpeg(
        [
            "-loglevel", "error", "-y",
            "-f", "f32le", "-ar", "48000", "-ac", "1", "-i", "pipe:0",
            "-c:a", "libopus", "-b:a", "64000", "-frame_duration", "20", "-f", "ogg",
            FfmpegCommand.LocalFile(path),
        ]);
        var tones = bursts
            .Select(b => new ToneBurst((long)Math.Round(b.Start * 48000), (long)Math.Round(b.End * 48000), b.FrequencyHz, b.Amplitude))
            .ToList();
        var length = (long)Math.Round(lengthSeconds * 48000);
        await FfmpegRunner.RunAsync(
            command,
            cancellationToken,
            writeStdin: (stdin, ct) => BurstSignal.WriteAsync(stdin, length, tones, 1, ct)).ConfigureAwait(false);
    }
}
