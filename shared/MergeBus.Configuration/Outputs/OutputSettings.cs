namespace MergeBus.Configuration.Outputs;

/// <summary>mergebus.outputs: what a merge writes besides the mix itself.</summary>
public sealed record OutputSettings
{
    /// <summary>Also write one aligned mono file per person beside the mix (a manifest's <c>"stems": true</c> asks too).</summary>
    public bool Stems { get; init; }

    /// <summary>The output sample rate, over the manifest's sample_rate; null: the manifest's.</summary>
    public int? SampleRate { get; init; }
}
