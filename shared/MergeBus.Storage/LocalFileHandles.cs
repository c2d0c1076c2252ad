using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MergeBus.Storage;

/// <summary>
/// Opens a stored file the way an attacker cannot redirect: the open never blocks (a FIFO or a device would hang a
/// plain open or read), and what was opened is checked on the handle itself, after the kernel followed every link,
/// not on the path as text (a link may hide a "..": x → y/../secret with y → /elsewhere). Linux only.
/// </summary>
internal static class LocalFileHandles
{
    private const int ReadOnly = 0, NonBlocking = 0x800, NoControllingTerminal = 0x100, CloseOnExec = 0x80000;
    private const int EmptyPath = 0x1000;
    private const uint TypeModeAndSize = 0x1 | 0x2 | 0x200;
    private const int TypeMask = 0xF000, RegularFile = 0x8000, Directory = 0x4000;
    private const int NoSuchFile = 2, NotADirectory = 20;

    /// <summary>A regular file under <paramref name="realRoot"/>, opened for reading, and its size read from the handle.</summary>
    /// <returns>null when nothing is there.</returns>
    /// <exception cref="StorageKeyRejectedException">It is not a regular file, or it lies outside the root.</exception>
    public static (SafeFileHandle Handle, long Size)? OpenRegularFile(string key, string path, string realRoot)
    {
        var fd = open(path, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is NoSuchFile or NotADirectory) return null;
            throw new StorageException($"local open failed: {key} (errno {error})");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var (mode, size) = StatOf(fd, key);
            if ((mode & TypeMask) == Directory) return null; // a folder is not an object, as in a bucket
            if ((mode & TypeMask) != RegularFile) throw new StorageKeyRejectedException(key, "not a regular file");
            var real = RealPathOf(fd, key);
            if (!LocalPaths.StaysUnder(realRoot, real)) throw new StorageKeyRejectedException(key, "symbolic link leaves the storage root");
            return (handle, size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The root's real path: it may itself sit behind a link (/tmp → /private/tmp).</summary>
    public static string RealPathOfDirectory(string path) => TryRealPath(path) ?? path;

    /// <summary>Every link in <paramref name="path"/> followed as the kernel does; null when it cannot be resolved.</summary>
    public static string? TryRealPath(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved) is { } real ? Path.TrimEndingDirectorySeparator(real) : null;
        }
        finally
        {
            free(resolved);
        }
    }

    // statx's layout is the same on every architecture, unlike struct stat: mode at 28 (u16), size at 40 (u64).
    private static (int Mode, long Size) StatOf(int fd, string key)
    {
        var buffer = new byte[256];
        if (statx(fd, "", EmptyPath, TypeModeAndSize, buffer) != 0)
            throw new StorageException($"local stat failed: {key} (errno {Marshal.GetLastPInvokeError()})");
        return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28)), (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(40)));
    }

    private static string RealPathOf(int fd, string key) =>
        new FileInfo($"/proc/self/fd/{fd}").LinkTarget
        ?? throw new StorageException($"local open failed: {key} (no /proc/self/fd)");

#pragma warning disable SYSLIB1054 // DllImport keeps this project free of AllowUnsafeBlocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054
}
