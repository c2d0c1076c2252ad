using MergeBus.Media.Opus;

namespace MergeBus.Media.Tests.Opus;

public sealed class OpusLibraryTests
{
    [Fact]
    public void Libopus0_loads_and_reports_its_version()
    {
        Assert.StartsWith("libopus 1.", OpusLibrary.Version);
    }
}
