namespace MergeBus.Media.Ogg;

/// <summary>One Ogg page (RFC 3533). <see cref="LacingValues"/> split <see cref="Body"/> into packet pieces.</summary>
public sealed record OggPage(
    byte HeaderType,
    long GranulePosition,
    uint SerialNumber,
    uint SequenceNumber,
    byte[] LacingValues,
    byte[] Body,
    long FileOffset)
{
    public const byte ContinuedFlag = 0x01;
    public const byte BeginOfStreamFlag = 0x02;
    public const byte EndOfStreamFlag = 0x04;

    public bool IsContinued => (HeaderType & ContinuedFlag) != 0;

    public bool IsBeginOfStream => (HeaderType & BeginOfStreamFlag) != 0;

    public bool IsEndOfStream => (HeaderType & EndOfStreamFlag) != 0;
}
