using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Tests.Memory;

/// <summary>
/// The young-heap cap while a mix runs. A mix keeps a little freight in flight (encoded packets queued for the lanes,
/// pages being read) that every young collection promotes and that dies soon after: the heap it leaves behind must
/// not grow with the length of the mix.
/// </summary>
[Collection(HeapAloneCollection.Name)]
public sealed class YoungHeapCapTests
{
    private const int PacketBytes = 256;          // an Opus packet of a 96 kb/s stereo mix is ≈ 240 bytes
    private const long InFlightBytes = 2L << 20;  // ≈ the lanes' packets and the pages being read, at a few hundred times real time

    [Fact]
    public void The_heap_a_mix_leaves_behind_stays_within_the_cap_however_long_the_mix_runs()
    {
        var shortMix = HeapLeftAfter(allocatedBytes: 64L << 20);
        var longMix = HeapLeftAfter(allocatedBytes: 256L << 20);

        // At most what the cap lets the older generations grow by, plus one young budget's freight. The old cap (gen0
        // every 8 MB, never a full collection) promoted the 2 MB in flight for good at each of its collections: 80 MB.
        var bound = YoungHeapCap.OldGrowthBytes + YoungHeapCap.DefaultBytes;
        Assert.True(shortMix <= bound, $"short mix left {shortMix / 1e6:F1} MB on the heap (at most {bound / 1e6:F1} MB)");
        Assert.True(longMix <= bound, $"long mix left {longMix / 1e6:F1} MB on the heap (at most {bound / 1e6:F1} MB)");
    }

    /// <summary>
    /// Streams <paramref name="allocatedBytes"/> of packets through a queue that keeps the last <see cref="InFlightBytes"/>
    /// alive, checking the cap as its timer would; returns the heap's growth once the queue is gone and gen0 collected.
    /// </summary>
    private static long HeapLeftAfter(long allocatedBytes)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var ballast = Ballast();
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var inFlight = new Queue<byte[]>();
        long queued = 0;
        using (var cap = YoungHeapCap.Manual())
        {
            for (long sent = 0; sent < allocatedBytes; sent += PacketBytes)
            {
                inFlight.Enqueue(new byte[PacketBytes]);
                queued += PacketBytes;
                if (queued > InFlightBytes)
                {
                    inFlight.Dequeue();
                    queued -= PacketBytes;
                }

                if (sent % (64 << 10) == 0)
                {
                    cap.Check();
                }
            }

            GC.KeepAlive(inFlight);
            GC.KeepAlive(ballast);
        }

        inFlight.Clear();
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        return GC.GetTotalMemory(forceFullCollection: false) - before;
    }

    /// <summary>
    /// What a process did before the mix sets the GC's budgets (the bench's session synthesis, a Mixer's previous
    /// job): 64 MB that survive two gen1 collections make the GC grant gen1 a budget that large, so young
    /// collections stop being escalated to gen1 for that long. The cap must hold whatever budgets it finds.
    /// </summary>
    private static List<byte[]> Ballast()
    {
        var ballast = new List<byte[]>();
        for (var i = 0; i < 64 * 16; i++)
        {
            ballast.Add(new byte[64 << 10]);
        }

        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        return ballast;
    }
}
