using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Tests;

/// <summary>
/// The Opus sink's backlog (blocks taken, not yet written) tells the mixing thread whether the encoder is busy on a
/// core of its own (issue 22): a count that never came back down would keep the fills on one thread for good.
/// </summary>
public sealed class OpusSinkBacklogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mergebus-backlog-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task An_opus_sinks_backlog_is_back_to_zero_once_every_block_it_took_is_written(int channels)
    {
        var path = Path.Combine(folder, $"mix-{channels}.ogg");
        var sink = new OpusFileSink(path, channels, 64_000, 0, 48_000, parallelism: 2);
        await using (sink)
        {
            var block = new byte[RoomMixBuilder.BlockFrames * channels * sizeof(float)];
            for (var b = 0; b < 20; b++)
            {
                await sink.WriteAsync(block, RoomMixBuilder.BlockFrames, channels, CancellationToken.None);
                Assert.InRange(sink.Backlog, 0, OpusFileSink.Depth + 2);
            }

            await sink.CompleteAsync(CancellationToken.None);

            Assert.Equal(0, sink.Backlog);
        }

        Assert.True(new FileInfo(path).Length > 0);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
