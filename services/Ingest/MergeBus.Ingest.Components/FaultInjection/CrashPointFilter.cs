using MassTransit;

namespace MergeBus.Ingest.Components.FaultInjection;

/// <summary>
/// Reaches <paramref name="point"/> once the rest of the pipe handled the message and before it is acknowledged.
/// Inside the saga endpoint's outbox the saga is then saved and nothing sent; outside it, everything is sent.
/// </summary>
public sealed class CrashPointFilter(string point) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        await next.Send(context);
        CrashPoints.Reached(point);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("crash-" + point);
}
