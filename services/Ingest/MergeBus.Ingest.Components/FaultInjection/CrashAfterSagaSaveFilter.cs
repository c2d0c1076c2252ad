using MassTransit;

namespace MergeBus.Ingest.Components.FaultInjection;

/// <summary>Sits inside the saga endpoint's outbox: when it runs, the saga is saved and nothing was sent yet.</summary>
public sealed class CrashAfterSagaSaveFilter : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        await next.Send(context);
        CrashPoints.Reached(CrashPoints.AfterSagaSave);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("crash-after-saga-save");
}
