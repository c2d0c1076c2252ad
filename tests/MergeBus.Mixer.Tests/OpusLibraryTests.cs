using MergeBus.Media.Opus;

namespace MergeBus.Mixer.Tests;

public sealed class OpusLibraryTests
{
    [Fact]
    public void Libopus0_loads_and_reports_its_version()
    {
        Assert.StartsWith("libopus 1.", OpusLibrary.Version);
    }
}
