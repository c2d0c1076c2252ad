using System.Diagnostics;
using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;

namespace MergeBus.Media.Tests.Ffmpeg;

public sealed class FfmpegProcessTests
{
    [Fact]
    public async Task Cancelling_a_wait_kills_the_ffmpeg_process()
    {
        await using var process = FfmpegProcess.Start(FfmpegCommand.Ffmpeg("-loglevel", "error", "-re", "-f", "lavfi", "-i", "anullsrc", "-t", "60", "-f", "null", "-"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process.WaitForSuccessAsync(cancel.Token));

        Assert.True(ProcessIsGone(process.Id));
    }

    [Fact]
    public async Task A_failing_command_throws_with_the_reason_from_stderr()
    {
        var error = await Assert.ThrowsAsync<FfmpegException>(() =>
            FfmpegRunner.RunAsync(FfmpegCommand.Ffmpeg("-loglevel", "error", "-i", FfmpegCommand.LocalFile("/nonexistent/input.ogg"), "-f", "null", "-"), CancellationToken.None));

        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Progress_reports_out_time_up_to_the_end()
    {
        var times = new List<TimeSpan>();
        var command = FfmpegCommand.Ffmpeg("-loglevel", "error", "-f", "lavfi", "-i", "sine=f=440:d=3", "-f", "null", "-") with { OnProgress = times.Add };

        await FfmpegRunner.RunAsync(command, CancellationToken.None);

        Assert.NotEmpty(times);
        Assert.InRange(times[^1].TotalSeconds, 2.9, 3.1);
    }

    [Fact]
    public async Task Pcm_streams_through_stdin_and_stdout_unchanged()
    {
        var input = Enumerable.Range(0, 48000).Select(i => (float)Math.Sin(i * 0.05) * 0.5f).ToArray();
        using var output = new MemoryStream();

        await FfmpegRunner.RunAsync(
            FfmpegCommand.Ffmpeg("-loglevel", "error", "-f", "f32le", "-ar", "48000", "-ac", "1", "-i", "pipe:0", "-f", "f32le", "pipe:1"),
            CancellationToken.None,
            writeStdin: (stdin, ct) => stdin.WriteAsync(MemoryMarshal.AsBytes(input.AsSpan()).ToArray(), ct).AsTask(),
            readStdout: (stdout, ct) => stdout.CopyToAsync(output, ct));

        Assert.Equal(input, MemoryMarshal.Cast<byte, float>(output.ToArray()).ToArray());
    }

    [Fact]
    public async Task An_escaped_value_reaches_the_filter_exactly_as_written()
    {
        const string nasty = @"it's [a],b;c:d=e\f";
        var log = new List<string>();
        var graph = $"ametadata=mode=add:key=who:value={FilterEscaping.OptionValue(nasty)},ametadata=mode=print";
        var command = FfmpegCommand.Ffmpeg("-loglevel", "info", "-f", "lavfi", "-i", "anullsrc=d=0.05", "-af", graph, "-f", "null", "-");
        string? tail = null;

        await using (var process = FfmpegProcess.Start(command))
        {
            await process.Stdout.CopyToAsync(Stream.Null);
            await process.WaitForSuccessAsync(CancellationToken.None);
            tail = process.StderrTail;
        }

        Assert.Contains("who=" + nasty, tail, StringComparison.Ordinal);
    }

    private static bool ProcessIsGone(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
