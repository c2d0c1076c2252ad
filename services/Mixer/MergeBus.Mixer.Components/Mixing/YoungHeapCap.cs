namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Keeps the heap small while a mix runs. .NET sizes its gen0 budget from the CPU's L3 cache, and a VM that
/// reports a large L3 (260 MB on the reference machine on 2 December, 508 MB since) gets a budget near 100 MB:
/// reading the inputs' pages and the block loop, which allocate a little per packet, would touch that much memory
/// before the first collection.
/// A timer collects gen0 whenever <see cref="DefaultBytes"/> more have been allocated, which holds the peak near
/// what the mix really keeps, at well under 1 ms a collection. The runtime's own knob for this
/// (<c>DOTNET_GCgen0size</c>) is read from the environment only, which no host can be trusted to set.
/// Each of those collections promotes what is in flight at that moment (packets queued for the encoder lanes, pages
/// being read) into the older generations, whose budgets the same L3 makes just as large: they filled with that
/// dead freight (a 2 h mix: +90 MB). So once they have grown by <see cref="OldGrowthBytes"/> since the last full
/// collection, the cap collects everything. 4 MB and 8 MB, against 8 MB and 16 MB: `mergebus merge` of the 4 × 60 s
/// dense per_participant session peaks 6–8 MB lower (three runs each, loaded machine).
/// </summary>
internal sealed class YoungHeapCap : IDisposable
{
    public const long DefaultBytes = 4L << 20;

    /// <summary>Growth of the older generations (and the large-object heap) that earns a full collection.</summary>
    public const long OldGrowthBytes = 8L << 20;

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly Lock gate = new();
    private readonly Timer? timer;
    private long next = GC.GetTotalAllocatedBytes() + DefaultBytes;
    private long oldLimit = GC.GetTotalMemory(forceFullCollection: false) + OldGrowthBytes;

    private YoungHeapCap(bool timed)
    {
        timer = timed ? new Timer(_ => Check(), null, Period, Period) : null;
    }

    /// <summary>Starts watching; dispose when the mix ends.</summary>
    public static YoungHeapCap Watch() => new(timed: true);

    /// <summary>A cap without its timer: the caller calls <see cref="Check"/> (tests).</summary>
    internal static YoungHeapCap Manual() => new(timed: false);

    public void Dispose() => timer?.Dispose();

    internal void Check()
    {
        // A slow collection must not let the next tick start a second one.
        if (!gate.TryEnter())
        {
            return;
        }

        try
        {
            var allocated = GC.GetTotalAllocatedBytes();
            if (allocated < next)
            {
                return;
            }

            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            next = allocated + DefaultBytes;

            // Right after a gen0 collection, what the heap holds is the older generations' share.
            if (GC.GetTotalMemory(forceFullCollection: false) >= oldLimit)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                oldLimit = GC.GetTotalMemory(forceFullCollection: false) + OldGrowthBytes;
            }
        }
        finally
        {
            gate.Exit();
        }
    }
}
