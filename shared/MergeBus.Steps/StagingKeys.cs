using System.Text;

namespace MergeBus.Steps;

/// <summary>
/// The staging layout, in one place: staging/&lt;job&gt;/try-&lt;n&gt;/&lt;run&gt;/&lt;file&gt;. The saga names a job's folder and
/// each try's prefix, the Mixer adds its run folder, the Publisher and the failure path delete a prefix, and
/// Ingest's janitor sweeps the whole of staging/.
/// </summary>
public static class StagingKeys
{
    public const string Root = "staging/";

    /// <summary>Everything one job staged, in all its tries: the failure path deletes it whole.</summary>
    public static string JobFolder(string jobId) => Root + FolderName(jobId);

    /// <summary>One try's files: two tries never share them.</summary>
    public static string TryPrefix(string jobId, int @try) => $"{JobFolder(jobId)}/try-{@try}";

    /// <summary>One run of the Mixer within a try (a redelivered command runs again beside the first run).</summary>
    public static string RunPrefix(string tryPrefix, string runFolder) => $"{tryPrefix}/{runFolder}";

    public static string Key(string runPrefix, string fileName) => $"{runPrefix}/{fileName}";

    /// <summary>
    /// A job id as one folder name. Letters, digits, '-', '_' and '.' (but a leading '.') stay, so plain ids keep
    /// their names; every other byte becomes ~XX (UTF-8, hex). Only an escape writes '~', so the mapping is
    /// one-to-one: a/b is a~2Fb and a_b stays a_b, and no id can name staging/ itself or a parent folder.
    /// </summary>
    public static string FolderName(string jobId)
    {
        if (jobId.Length == 0) return "~";
        var name = new StringBuilder(jobId.Length);
        var bytes = Encoding.UTF8.GetBytes(jobId);
        for (var i = 0; i < bytes.Length; i++)
        {
            var c = (char)bytes[i];
            var kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && i > 0);
            if (kept) name.Append(c);
            else name.Append('~').Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return name.ToString();
    }
}
