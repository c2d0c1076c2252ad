using System.Runtime.InteropServices;

namespace MergeBus.Media.Opus;

/// <summary>Whether libopus can be loaded, and which version it is.</summary>
public static class OpusLibrary
{
    /// <summary>The Debian package that provides <see cref="LibOpus.Library"/>.</summary>
    public const string Package = "libopus0";

    private static readonly Lazy<string?> Loaded = new(Probe);

    /// <summary>"libopus 1.3.1", or null when the library cannot be loaded.</summary>
    public static string? Version => Loaded.Value;

    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>Throws a clear start-up error naming the package when libopus is missing.</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new DllNotFoundException(
                $"libopus could not be loaded ({LibOpus.Library}); install the Debian package {Package} (apt-get install {Package})");
        }
    }

    private static string? Probe()
    {
        try
        {
            return Marshal.PtrToStringAnsi(LibOpus.GetVersionString());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }
}
