using System.Runtime;

namespace MergeBus.Cli.Startup;

/// <summary>
/// Multicore JIT for the one-shot verbs: the runtime records which methods a run of a verb compiled or loaded from
/// ReadyToRun and, on the next run of that verb, prepares them on a background thread while the main thread is still
/// parsing the command line and building the host. On a 2 × 60 s merge the host's start-up is most of the time, and
/// the second core is idle then.
/// </summary>
public static class JitProfile
{
    /// <summary>Where the profiles are kept; empty disables them. Default: beside the CLI's own files.</summary>
    public const string DirectoryVariable = "MERGEBUS_JIT_PROFILE_DIR";

    public const string FileExtension = ".jitprofile";

    /// <summary>
    /// Starts recording (and replaying the last recording of) <paramref name="verb"/>. The runtime ignores a profile
    /// that is missing, truncated or from another build, and writes the new one when the process exits; a folder
    /// it cannot write to only means no profile.
    /// </summary>
    public static void Start(string verb)
    {
        var folder = Environment.GetEnvironmentVariable(DirectoryVariable) ?? AppContext.BaseDirectory;
        if (folder.Length == 0 || !Directory.Exists(folder)) return;
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(verb + FileExtension);
    }
}
