using System.Globalization;

namespace MergeBus.Bench;

/// <summary>
/// Every ~50 ms: the resident set of this process and of all its descendants (ffmpeg/ffprobe children), from
/// /proc/&lt;pid&gt;/statm, and the bytes held in a few watched folders. Keeps the peaks.
/// A pid's parent is read once when it first appears, so a tick costs one /proc listing plus one statm per
/// member of the tree.
/// </summary>
internal sealed class ProcessTreeSampler : IAsyncDisposable
{
    private static readonly long PageSize = Environment.SystemPageSize;

    private readonly int self = Environment.ProcessId;
    private readonly Dictionary<int, int> parents = [];
    private readonly IReadOnlyList<string> watchedFolders;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ProcessTreeSampler(IReadOnlyList<string> watchedFolders)
    {
        this.watchedFolders = watchedFolders;
        loop = Task.Factory.StartNew(Loop, TaskCreationOptions.LongRunning);
    }

    public long PeakTreeRssBytes { get; private set; }

    public long PeakChildrenRssBytes { get; private set; }

    public long PeakSelfRssBytes { get; private set; }

    public long PeakFolderBytes { get; private set; }

    /// <summary>Proportional set size (shared library pages split among the processes that map them), same tree.</summary>
    public long PeakTreePssBytes { get; private set; }

    public long PeakChildrenPssBytes { get; private set; }

    public int Samples { get; private set; }

    /// <summary>CPU time of the sampling thread itself, which is the benchmark's cost, not the mixer's.</summary>
    public double OwnCpuSeconds { get; private set; }

    public static ProcessTreeSampler Start(IReadOnlyList<string> watchedFolders) => new(watchedFolders);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        Sample(); // One last look, so a very short run still has a figure.
        stop.Dispose();
    }

    private void Loop()
    {
        var started = ResourceUsage.Get(ResourceUsage.Thread).Cpu;
        while (!stop.IsCancellationRequested)
        {
            Sample();
            stop.Token.WaitHandle.WaitOne(50);
        }

        OwnCpuSeconds = (ResourceUsage.Get(ResourceUsage.Thread).Cpu - started).TotalSeconds;
    }

    private void Sample()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var selfRss = Rss(self);
        var selfPss = Pss(self);
        long childrenRss = 0, childrenPss = 0;
        foreach (var pid in Descendants())
        {
            childrenRss += Rss(pid);
            childrenPss += Pss(pid);
        }

        long folderBytes = 0;
        foreach (var folder in watchedFolders)
        {
            folderBytes += FolderBytes(folder);
        }

        lock (this)
        {
            PeakSelfRssBytes = Math.Max(PeakSelfRssBytes, selfRss);
            PeakChildrenRssBytes = Math.Max(PeakChildrenRssBytes, childrenRss);
            PeakTreeRssBytes = Math.Max(PeakTreeRssBytes, selfRss + childrenRss);
            PeakFolderBytes = Math.Max(PeakFolderBytes, folderBytes);
            PeakChildrenPssBytes = Math.Max(PeakChildrenPssBytes, childrenPss);
            PeakTreePssBytes = Math.Max(PeakTreePssBytes, selfPss + childrenPss);
            Samples++;
        }
    }

    private List<int> Descendants()
    {
        var alive = new HashSet<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                alive.Add(pid);
                if (!parents.ContainsKey(pid) && Parent(pid) is { } parent)
                {
                    parents[pid] = parent;
                }
            }
        }

        // Forget pids that are gone: a reused pid is a new process and gets its parent read again.
        foreach (var gone in parents.Keys.Where(pid => !alive.Contains(pid)).ToList())
        {
            parents.Remove(gone);
        }

        var tree = new HashSet<int> { self };
        var result = new List<int>();
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (!tree.Contains(pid) && tree.Contains(parent))
                {
                    tree.Add(pid);
                    result.Add(pid);
                    grew = true;
                }
            }
        }
        while (grew);

        return result;
    }

    /// <summary>Field 4 of /proc/pid/stat; the command name (field 2) may hold spaces, so parse after its ')'.</summary>
    private static int? Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long Rss(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(statm[1], CultureInfo.InvariantCulture) * PageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static long Pss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    var kb = line.AsSpan(4).Trim();
                    return long.Parse(kb[..kb.IndexOf(' ')], CultureInfo.InvariantCulture) * 1024;
                }
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static long FolderBytes(string folder)
    {
        try
        {
            long total = 0;
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                    // Renamed or deleted between listing and stat.
                }
            }

            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
