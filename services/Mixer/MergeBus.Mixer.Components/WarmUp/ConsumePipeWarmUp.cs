using MassTransit;
using MassTransit.Mediator;
using MergeBus.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// MassTransit's consume pipe, run once in process by a private mediator: receive dispatch, dead-letter and rescue
/// filters, retry, the concurrency limit, a scoped consumer and its publish endpoint, the filters a job's
/// <see cref="MixTracks"/> passes on its way to the Mixer's consumer. Their async code is shared by every message and
/// consumer type, so a consumer of its own compiles what the first job would; it mixes nothing, and nothing reaches
/// RabbitMQ: the mediator lives in its own container, has no transport, and its one publish has no consumer.
/// </summary>
internal static class ConsumePipeWarmUp
{
    public static async Task RunAsync(MixTracks command, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Seen>();
        services.AddMediator(mediator => mediator.AddConsumer<RehearsalConsumer>((_, consumer) =>
        {
            // As MixTracksConsumerDefinition configures the real endpoint: retry, and a limit on concurrent jobs.
            consumer.UseMessageRetry(r => r.Immediate(1));
            consumer.ConcurrentMessageLimit = 1;
        }));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        if (!provider.GetRequiredService<Seen>().Consumed)
            throw new InvalidOperationException("the private mediator did not hand the command to its consumer");
    }

    private sealed class Seen
    {
        public volatile bool Consumed;
    }

    /// <summary>Publishes a progress report into the mediator, where nobody hears it, and notes that it ran.</summary>
    private sealed class RehearsalConsumer(Seen seen) : IConsumer<MixTracks>
    {
        public async Task Consume(ConsumeContext<MixTracks> context)
        {
            // A mix takes a while: every filter's await suspends and resumes, and those paths are compiled too.
            await Task.Yield();
            await context.Publish(new MixProgressed { JobId = context.Message.JobId, Attempt = context.Message.Attempt, Try = context.Message.Try });
            seen.Consumed = true;
        }
    }
}
