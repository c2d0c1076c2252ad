namespace MergeBus.Media.Ogg;

/// <summary>One packet of one logical Ogg stream, with the granule and end-of-stream flag of the page it completes on.</summary>
public readonly record struct OggStreamPacket(byte[] Data, long PageGranule, bool EndOfStream);
