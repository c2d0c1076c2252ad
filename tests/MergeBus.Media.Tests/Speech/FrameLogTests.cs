using MergeBus.Media.Speech;

namespace MergeBus.Media.Tests.Speech;

/// <summary>The analyzer's frame figures on disk: every frame read back as written, nothing left behind.</summary>
public sealed class FrameLogTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mergebus-framelog-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Every_frame_reads_back_as_written_forwards_backwards_and_across_pages()
    {
        const int count = 100_003; // 25 pages and a part: more than the read cache holds
        using var log = new FrameLog(directory);
        for (var i = 0; i < count; i++)
        {
            log.Append(Figures(i));
        }

        Assert.Equal(count, log.Count);
        for (var i = 0; i < count; i += 7)
        {
            Assert.Equal(Figures(i), log[i]);
        }

        for (var i = count - 1; i >= 0; i -= 5)
        {
            Assert.Equal(Figures(i), log[i]);
        }

        Assert.Equal(Figures(count - 1), log.Last());
        Assert.Throws<ArgumentOutOfRangeException>(() => log[count]);
    }

    [Fact]
    public void The_log_leaves_no_file_in_its_folder_even_while_open()
    {
        using var log = new FrameLog(directory);
        for (var i = 0; i < 10_000; i++)
        {
            log.Append(Figures(i));
        }

        Assert.Empty(Directory.GetFiles(directory));
        Assert.Equal(Figures(5000), log[5000]);
    }

    [Fact]
    public void An_analyzer_refuses_audio_that_goes_back_in_time()
    {
        using var analyzer = new TrackAnalyzer(1, measureTruePeak: false, directory);
        analyzer.Observe(48_000, new float[960], 1);

        Assert.Throws<ArgumentException>(() => analyzer.Observe(0, new float[960], 1));
    }

    private static FrameFigures Figures(int i) => new((short)(i % 481), i * 0.5f, i * 0.25f);
}
