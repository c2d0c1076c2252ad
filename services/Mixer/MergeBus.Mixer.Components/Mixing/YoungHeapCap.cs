namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Keeps the young heap small while a mix runs. .NET sizes its gen0 budget from the CPU's L3 cache, and a VM that
/// reports a large L3 (260 MB on the reference machine) gets a budget near 100 MB: reading the inputs' pages and
/// the block loop, which allocate a little per packet, would touch that much memory before the first collection.
/// A timer collects gen0 whenever <see cref="DefaultBytes"/> more have been allocated, which holds the peak near
/// what the mix really keeps, at well under 1 ms a collection. The runtime's own knob for this
/// (<c>DOTNET_GCgen0size</c>) is read from the environment only, which no host can be trusted to set.
/// </summary>
internal sealed class YoungHeapCap : IDisposable
{
    public const long DefaultBytes = 8L << 20;

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly Lock gate = new();
    private readonly Timer timer;
    private long next = GC.GetTotalAllocatedBytes() + DefaultBytes;

    private YoungHeapCap()
    {
        timer = new Timer(_ => Check(), null, Period, Period);
    }

    /// <summary>Starts watching; dispose when the mix ends.</summary>
    public static YoungHeapCap Watch() => new();

    public void Dispose() => timer.Dispose();

    private void Check()
    {
        // A slow collection must not let the next tick start a second one.
        if (!gate.TryEnter())
        {
            return;
        }

        try
        {
            var allocated = GC.GetTotalAllocatedBytes();
            if (allocated >= next)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                next = allocated + DefaultBytes;
            }
        }
        finally
        {
            gate.Exit();
        }
    }
}
