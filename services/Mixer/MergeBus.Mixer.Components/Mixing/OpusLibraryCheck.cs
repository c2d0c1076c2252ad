using MergeBus.Media.Opus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// The Mixer decodes and encodes Opus through libopus in process: without it the host must not start (ffmpeg,
/// which links the same libopus0, would be broken too). The error names the Debian package.
/// </summary>
internal sealed class OpusLibraryCheck(ILogger<OpusLibraryCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        OpusLibrary.EnsureAvailable();
        logger.LogInformation("Opus in process: {Version}", OpusLibrary.Version);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
