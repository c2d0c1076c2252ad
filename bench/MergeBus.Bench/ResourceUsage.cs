using System.Globalization;
using System.Runtime.InteropServices;

namespace MergeBus.Bench;

/// <summary>CPU time of this process and of its reaped children (getrusage), and syscall I/O (/proc/self/io).</summary>
internal readonly record struct ResourceSnapshot(TimeSpan SelfCpu, TimeSpan ChildrenCpu, long ChildrenMaxRssKb, long ReadChars, long WrittenChars)
{
    public static ResourceSnapshot Take()
    {
        var self = ResourceUsage.Get(ResourceUsage.Self);
        var children = ResourceUsage.Get(ResourceUsage.Children);
        var (rchar, wchar) = ResourceUsage.ReadIo();
        return new ResourceSnapshot(self.Cpu, children.Cpu, children.MaxRssKb, rchar, wchar);
    }
}

internal static class ResourceUsage
{
    public const int Self = 0;
    public const int Children = -1;

    /// <summary>RUSAGE_THREAD: the calling thread only.</summary>
    public const int Thread = 1;

    public static (TimeSpan Cpu, long MaxRssKb) Get(int who)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (who == Self ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero, 0);
        }

        if (getrusage(who, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var micros = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicros + usage.SystemMicros;
        return (TimeSpan.FromMicroseconds(micros), usage.MaxRss);
    }

    /// <summary>rchar/wchar: every read/write syscall, pipes included; reaped children are added by the kernel.</summary>
    public static (long Read, long Written) ReadIo()
    {
        try
        {
            long read = 0, written = 0;
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal))
                {
                    read = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("wchar:", StringComparison.Ordinal))
                {
                    written = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
                }
            }

            return (read, written);
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this project free of AllowUnsafeBlocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);
#pragma warning restore SYSLIB1054
}
