namespace MergeBus.Protocol.Tests.Support;

/// <summary>Test data copied beside the test binaries (see the project file).</summary>
public static class Fixtures
{
    public static string LiveKitSampleManifest =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "livekit-sample", "manifest.json");
}
