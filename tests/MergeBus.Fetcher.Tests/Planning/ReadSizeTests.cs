using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Fetcher.Tests.Support;
using MergeBus.Media.Probing;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.Fetcher.Tests.Planning;

/// <summary>
/// The Fetcher's read of an input costs what a plain read costs: the Ogg page reader's small reads (a header, the
/// lacing, a body per page) are served from a buffer, not passed one by one through the hash, the decryption and
/// the store's stream (three reads per 20 ms page cost three times a plain read from s3rver; docs/distributed.md).
/// </summary>
public sealed class ReadSizeTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mergebus-fetcher-tests", Guid.NewGuid().ToString("N"));
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(Path.Combine(directory, "session"),
            new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 20, Dtx = false });

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_fetcher_reads_each_ogg_input_from_storage_in_a_few_large_reads_not_several_per_page()
    {
        var work = Path.Combine(directory, "work");
        var recordings = new ReadCountingStorage(new LocalObjectStorage(session.Directory));
        var fetcher = new InputFetcher(new MergeStores(recordings, new LocalObjectStorage(work)),
            new InMemoryJobKeyVault(), new FfprobeTrackProbe(), new WorkerSettings { TempDirectory = work }, new MergeLimits());

        var fetched = await fetcher.FetchAsync(new FetchInputs { JobId = "reads", Attempt = 1, ManifestPath = "manifest.json" }, CancellationToken.None);

        Assert.Equal(2, fetched.Plan.Tracks.Count);
        foreach (var participant in session.Participants)
        {
            var size = new FileInfo(participant.Path).Length;
            // 20 s of 20 ms pages is 1000 pages; 16 KiB a read on average, plus the sniff and the draining at the end.
            Assert.InRange(recordings.ReadsOf(participant.FileName), 1, size / (16 * 1024) + 4);
        }
    }
}
