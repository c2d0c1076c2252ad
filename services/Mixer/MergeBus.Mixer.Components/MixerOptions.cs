namespace MergeBus.Mixer.Components;

/// <summary>How a process hosts the Mixer.</summary>
public sealed record MixerOptions
{
    /// <summary>
    /// Mix a private synthetic session once the host has started (<see cref="WarmUp.MixerWarmUp"/>), so that a fresh
    /// Mixer's first job does not pay for the JIT: KEDA scales from zero, so the first job is the common case. Off in
    /// a process that runs one job and exits (`mergebus merge`): there it would only add CPU.
    /// </summary>
    public bool WarmUpAtStart { get; init; } = true;
}
