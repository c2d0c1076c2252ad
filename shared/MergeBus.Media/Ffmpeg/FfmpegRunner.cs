using System.Text;

namespace MergeBus.Media.Ffmpeg;

/// <summary>Runs one command to completion, optionally streaming stdin and stdout.</summary>
/// <remarks>Kept rather than FFMpegCore's ProcessAsynchronously: our callers stream raw PCM through stdio (see FfmpegProcess).</remarks>
public static class FfmpegRunner
{
    public static async Task RunAsync(
        FfmpegCommand command,
        CancellationToken cancellationToken,
        Func<Stream, CancellationToken, Task>? writeStdin = null,
        Func<Stream, CancellationToken, Task>? readStdout = null)
    {
        await using var process = FfmpegProcess.Start(command);
        using var killOnCancel = cancellationToken.Register(process.Kill);

        var writer = FeedStdinAsync(process, writeStdin, cancellationToken);
        var reader = readStdout is null
            ? process.Stdout.CopyToAsync(Stream.Null, cancellationToken)
            : readStdout(process.Stdout, cancellationToken);
        try
        {
            await Task.WhenAll(writer, reader).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A broken pipe is usually ffmpeg failing: its own reason beats "Broken pipe".
            if (await process.FailureWithinAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false) is { } failure)
            {
                throw failure;
            }

            throw;
        }

        await process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs and returns stdout as text (ffprobe's JSON).</summary>
    public static async Task<string> CaptureAsync(FfmpegCommand command, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await RunAsync(command, cancellationToken, readStdout: (stdout, ct) => stdout.CopyToAsync(buffer, ct)).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task FeedStdinAsync(FfmpegProcess process, Func<Stream, CancellationToken, Task>? writeStdin, CancellationToken cancellationToken)
    {
        try
        {
            if (writeStdin is not null)
            {
                await writeStdin(process.Stdin, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // EOF on stdin is how ffmpeg learns the input ended.
            try
            {
                process.Stdin.Close();
            }
            catch (IOException)
            {
                // ffmpeg already closed its end.
            }
        }
    }
}
