using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace MergeBus.Media.Ffmpeg;

/// <summary>
/// A running ffmpeg/ffprobe with all three pipes redirected. The caller streams <see cref="Stdin"/> and
/// <see cref="Stdout"/>; stderr is drained in the background into a bounded tail (and progress lines are parsed).
/// Disposing kills the process tree if it is still running.
/// </summary>
/// <remarks>
/// Kept rather than FFMpegCore: its pipe sources and sinks are Unix sockets, which ffmpeg before 8.0 (Debian 12 has
/// 5.1) treats as seekable and then silently loses data from (FFMpegCore's README says so); stdio pipes are safe.
/// </remarks>
public sealed class FfmpegProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StderrTail tail = new();
    private readonly Task stderrPump;
    private readonly string tool;

    private FfmpegProcess(Process process, FfmpegCommand command)
    {
        this.process = process;
        tool = Path.GetFileNameWithoutExtension(command.Executable);
        stderrPump = Task.Run(() => PumpStderrAsync(command.OnProgress));
    }

    public int Id => process.Id;

    public Stream Stdin => process.StandardInput.BaseStream;

    public Stream Stdout => process.StandardOutput.BaseStream;

    public bool HasExited => process.HasExited;

    public string StderrTail => tail.ToString();

    public static FfmpegProcess Start(FfmpegCommand command)
    {
        var info = new ProcessStartInfo(command.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (command.OnProgress is not null)
        {
            // Global options go first; -nostats keeps the \r status line out of the error tail.
            info.ArgumentList.Add("-progress");
            info.ArgumentList.Add("pipe:2");
            info.ArgumentList.Add("-nostats");
        }

        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start {command.Executable} (set MERGEBUS_FFMPEG/MERGEBUS_FFPROBE or PATH): {e.Message}", e);
        }

        return new FfmpegProcess(process, command);
    }

    /// <summary>
    /// Waits for exit. Cancellation kills the process tree. A non-zero exit throws <see cref="FfmpegException"/>
    /// whose message is one line from stderr.
    /// </summary>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Make "cancelled" mean "gone": the caller may delete files the process was writing.
            Kill();
            await WaitBrieflyForExitAsync().ConfigureAwait(false);
            throw;
        }

        await stderrPump.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new FfmpegException(tool, process.ExitCode, tail.Reason(), tail.ToString());
        }
    }

    /// <summary>True when the process ended on its own with a non-zero code within <paramref name="grace"/>.</summary>
    public async Task<FfmpegException?> FailureWithinAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await stderrPump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return process.ExitCode == 0 ? null : new FfmpegException(tool, process.ExitCode, tail.Reason(), tail.ToString());
    }

    private async Task WaitBrieflyForExitAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still there after SIGKILL and 5 s: nothing more we can do from here.
        }
    }

    /// <summary>
    /// Asks Linux for larger stdin/stdout pipe buffers (F_SETPIPE_SZ; the default is 64 KiB, unprivileged processes
    /// may go up to /proc/sys/fs/pipe-max-size, usually 1 MiB). Bulk PCM then moves in fewer, larger steps with
    /// fewer wake-ups on both sides. Best effort: elsewhere, or when refused, nothing changes.
    /// </summary>
    public void EnlargePipes(int bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var stream in new[] { process.StandardInput.BaseStream, process.StandardOutput.BaseStream })
        {
            if (stream is PipeStream { SafePipeHandle: { IsInvalid: false } handle })
            {
                _ = fcntl((int)handle.DangerousGetHandle(), SetPipeSize, bytes);
            }
        }
    }

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

#pragma warning disable SYSLIB1054 // DllImport keeps this project free of AllowUnsafeBlocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);
#pragma warning restore SYSLIB1054

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we asked.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            await stderrPump.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started properly.
        }

        process.Dispose();
    }

    private async Task PumpStderrAsync(Action<TimeSpan>? onProgress)
    {
        var reader = process.StandardError;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (onProgress is not null && TryParseProgress(line, out var outTime))
            {
                onProgress(outTime);
                continue;
            }

            if (onProgress is not null && IsProgressLine(line))
            {
                continue;
            }

            tail.Add(line);
        }
    }

    /// <summary>-progress writes key=value lines; out_time_us is the position in microseconds.</summary>
    internal static bool TryParseProgress(string line, out TimeSpan outTime)
    {
        outTime = default;
        const string key = "out_time_us=";
        if (!line.StartsWith(key, StringComparison.Ordinal)
            || !long.TryParse(line.AsSpan(key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)
            || micros < 0)
        {
            return false;
        }

        outTime = TimeSpan.FromMicroseconds(micros);
        return true;
    }

    private static bool IsProgressLine(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && !line.Contains(' ', StringComparison.Ordinal) && line[..equals].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
    }
}
