namespace MergeBus.Contracts;

/// <summary>A stretch of a file's own timeline where audio packets are present (no hole), in samples at 48 kHz.</summary>
public record AudioRun
{
    public long StartSamples { get; init; }
    public long LengthSamples { get; init; }
}
