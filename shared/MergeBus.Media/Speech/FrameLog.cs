using System.Collections;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MergeBus.Media.Speech;

/// <summary>
/// A track's frame figures, appended in order and kept in a temporary file that is unlinked as soon as it is open
/// (nothing is left behind, even by a killed process). A mix's memory so stays flat at any session length: the
/// figures are 5.0 MB per participant-hour on disk, and in memory one page being written plus a few read back.
/// The segmenter reads forward and looks back only within a segment, so a small cache of pages serves it.
/// </summary>
public sealed class FrameLog : IReadOnlyList<FrameFigures>, IDisposable
{
    private const int PageFrames = 4096;
    private const int CachedPages = 8;
    private static readonly int PageBytes = PageFrames * Marshal.SizeOf<FrameFigures>();

    private readonly SafeFileHandle file;
    private readonly FrameFigures[] writing = new FrameFigures[PageFrames];
    private readonly (int Page, FrameFigures[] Frames)[] cache = new (int, FrameFigures[])[CachedPages];
    private int written;
    private int nextEvicted;

    /// <param name="directory">Where the file lives while it is open (default: the temp folder).</param>
    public FrameLog(string? directory = null)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"mergebus-frames-{Guid.NewGuid():N}.bin");
        file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(path);
        Array.Fill(cache, (-1, []));
    }

    public int Count => written;

    /// <summary>Bytes the figures take on disk (and once, in this page size, in memory).</summary>
    public static int BytesPerFrame => Marshal.SizeOf<FrameFigures>();

    public FrameFigures this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, written);
            var page = index / PageFrames;
            return page == written / PageFrames ? writing[index % PageFrames] : Cached(page)[index % PageFrames];
        }
    }

    public void Append(FrameFigures frame)
    {
        writing[written % PageFrames] = frame;
        written++;
        if (written % PageFrames == 0)
        {
            RandomAccess.Write(file, MemoryMarshal.AsBytes(writing.AsSpan()), (long)(written / PageFrames - 1) * PageBytes);
        }
    }

    public IEnumerator<FrameFigures> GetEnumerator()
    {
        for (var i = 0; i < written; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => file.Dispose();

    private FrameFigures[] Cached(int page)
    {
        foreach (var (cachedPage, frames) in cache)
        {
            if (cachedPage == page)
            {
                return frames;
            }
        }

        var slot = nextEvicted;
        nextEvicted = (nextEvicted + 1) % CachedPages;
        var buffer = cache[slot].Frames.Length == PageFrames ? cache[slot].Frames : new FrameFigures[PageFrames];
        var read = RandomAccess.Read(file, MemoryMarshal.AsBytes(buffer.AsSpan()), (long)page * PageBytes);
        if (read != PageBytes)
        {
            throw new IOException($"frame log: read {read} of {PageBytes} bytes of page {page}");
        }

        cache[slot] = (page, buffer);
        return buffer;
    }
}
