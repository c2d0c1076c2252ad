namespace MergeBus.LiveKit.Wire;

/// <summary>
/// LiveKit's <c>FileInfo</c> (named so that it does not clash with System.IO.FileInfo). Times are Unix ns;
/// <see cref="StartedAt"/> is when the first packet reached the egress, the anchor MergeBus aligns on.
/// </summary>
public sealed record EgressFileInfo
{
    /// <summary>The storage key the egress wrote (its filepath after template replacement).</summary>
    public string Filename { get; init; } = "";
    /// <summary>Where the egress says the file is (an object URL or a local path).</summary>
    public string Location { get; init; } = "";
    public long Size { get; init; }
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    /// <summary>Nanoseconds.</summary>
    public long Duration { get; init; }
}
