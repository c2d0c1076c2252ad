using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Storage;

namespace MergeBus.Mixer.Tests.WarmUp;

/// <summary>The consume pipe's warm-up: a private mediator hands the command to a consumer of its own.</summary>
public sealed class ConsumePipeWarmUpTests : IDisposable
{
    private readonly TempFolder folder = new("warm-up-consume");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task The_consume_pipe_warm_up_delivers_its_command_to_its_own_consumer_twice_in_a_row()
    {
        var command = await WarmUpSession.CreateAsync(new LocalObjectStorage(folder.Path), new WorkerSettings().DefaultLayout, new WorkerSettings().Loudness, stems: false, CancellationToken.None);

        // Each run builds its own mediator; it throws when its consumer was not reached.
        await ConsumePipeWarmUp.RunAsync(command, CancellationToken.None);
        await ConsumePipeWarmUp.RunAsync(command, CancellationToken.None);
    }
}
