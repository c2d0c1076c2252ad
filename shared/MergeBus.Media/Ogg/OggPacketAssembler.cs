namespace MergeBus.Media.Ogg;

/// <summary>
/// Joins lacing pieces into packets. For each page it returns the packets that COMPLETE on that page,
/// which are the packets whose end the page's granule position marks.
/// </summary>
public sealed class OggPacketAssembler
{
    private readonly MemoryStream pending = new();

    public bool HasPartialPacket => pending.Length > 0;

    public List<byte[]> CompletedOn(OggPage page)
    {
        if (!page.IsContinued && pending.Length > 0)
        {
            // The previous packet never finished: drop it rather than glue unrelated bytes together.
            pending.SetLength(0);
        }

        var packets = new List<byte[]>();
        var position = 0;
        foreach (var value in page.LacingValues)
        {
            pending.Write(page.Body, position, value);
            position += value;
            if (value < 255)
            {
                packets.Add(pending.ToArray());
                pending.SetLength(0);
            }
        }

        return packets;
    }
}
