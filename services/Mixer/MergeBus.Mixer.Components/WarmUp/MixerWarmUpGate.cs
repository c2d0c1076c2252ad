namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// Lets a real job stop the warm-up. KEDA starts a Mixer because a mix is waiting, so the first job usually arrives
/// while the warm-up still runs; on 2 cores the two then share the CPU and the job ran slower than with no warm-up
/// at all (StartupTests, issue 22). What the warm-up reached stays compiled; the job compiles the rest itself.
/// </summary>
public sealed class MixerWarmUpGate
{
    private readonly CancellationTokenSource jobArrived = new();

    /// <summary>Cancelled once a job has started.</summary>
    public CancellationToken JobArrived => jobArrived.Token;

    /// <summary>Called by every job as it starts; only the first call does anything.</summary>
    public void GiveWay()
    {
        if (!jobArrived.IsCancellationRequested) jobArrived.Cancel();
    }
}
