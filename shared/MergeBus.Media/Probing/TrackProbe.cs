namespace MergeBus.Media.Probing;

/// <summary>What a participant file holds. Sample counts are at 48 kHz.</summary>
public sealed record TrackProbe
{
    public required string Codec { get; init; }

    public required string Container { get; init; }

    public required int SampleRate { get; init; }

    public required int Channels { get; init; }

    /// <summary>End of the file's own timeline, holes included (Ogg Opus: last granule − pre_skip).</summary>
    public required long TimelineSamples48k { get; init; }

    /// <summary>Audio actually present (Ogg Opus: holes excluded).</summary>
    public required long AudioSamples48k { get; init; }

    public required bool IsOggOpus { get; init; }

    /// <summary>Where audio is present on the file's own timeline, as (start, length) at 48 kHz; the gaps are holes.</summary>
    public IReadOnlyList<(long Start, long Length)> AudioRuns { get; init; } = [];

    /// <summary>Ogg pages that overlapped the previous page and were placed right after it.</summary>
    public int OverlapsCorrected { get; init; }
}
