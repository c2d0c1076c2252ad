using MergeBus.Protocol;

namespace MergeBus.Media.Ogg;

/// <summary>Rewrites fields of the OpusHead page of an Ogg Opus file in place (same length, new CRC).</summary>
public static class OpusHeadPatcher
{
    /// <summary>
    /// Declares a mono-coded family-0 stream as stereo. Every Opus decoder opened for stereo decodes mono packets
    /// into identical left and right channels (RFC 6716 §2.1.2 lets a stream switch between mono and stereo
    /// packets), so a dual-mono mix can be coded once instead of twice, at half the encoding cost.
    /// </summary>
    public static void DeclareStereo(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var page = new OggPageReader(file, Path.GetFileName(path)).ReadPage()
            ?? throw new PermanentMergeException($"{Path.GetFileName(path)}: empty Ogg file");
        var head = OpusHead.TryParse(page.Body);
        if (head is not { Channels: 1, MappingFamily: 0 } || page.LacingValues.Length != 1)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)}: expected a mono family-0 OpusHead on its own page");
        }

        var body = page.Body.ToArray();
        body[9] = 2;
        using var rewritten = new MemoryStream();
        new OggPageWriter(rewritten, page.SerialNumber, page.SequenceNumber).WritePage([body], page.GranulePosition, beginOfStream: page.IsBeginOfStream, endOfStream: page.IsEndOfStream);
        file.Position = page.FileOffset;
        file.Write(rewritten.GetBuffer(), 0, (int)rewritten.Length);
    }
}
