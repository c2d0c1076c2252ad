using System.Text.Json;
using MassTransit;
using MergeBus.Contracts;

namespace MergeBus.Samples.Subscriber;

/// <summary>What a transcription or archive app does when a room mix is ready: here, print one line per artifact.</summary>
public sealed class MixReadyConsumer : IConsumer<MergeJobCompleted>
{
    public Task Consume(ConsumeContext<MergeJobCompleted> context)
    {
        var job = context.Message;
        foreach (var artifact in job.Artifacts)
            Console.WriteLine($"mix ready: job {job.JobId} room {job.RoomName} {artifact.Format} {artifact.Key} " +
                $"{artifact.Size} bytes sha256 {artifact.Sha256} {artifact.DurationMs} ms");
        // The whole event, one line, for whoever reads this output.
        Console.WriteLine("event " + JsonSerializer.Serialize(job));
        return Task.CompletedTask;
    }
}
