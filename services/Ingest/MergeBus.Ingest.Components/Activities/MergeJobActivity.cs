using MassTransit;
using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Ingest.Components.Activities;

/// <summary>
/// A saga activity that does one thing to the saga's outside world, then goes on. It is resolved from the scope of
/// the message (OfInstanceType), so it can take services; a fault passes through untouched.
/// </summary>
public abstract class MergeJobActivity(string name) : IStateMachineActivity<MergeJobState>
{
    protected abstract Task RunAsync(BehaviorContext<MergeJobState> context);

    public void Probe(ProbeContext context) => context.CreateScope(name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<MergeJobState> context, IBehavior<MergeJobState> next)
    {
        await RunAsync(context);
        await next.Execute(context);
    }

    public async Task Execute<T>(BehaviorContext<MergeJobState, T> context, IBehavior<MergeJobState, T> next)
        where T : class
    {
        await RunAsync(context);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<MergeJobState, TException> context,
        IBehavior<MergeJobState> next) where TException : Exception => next.Faulted(context);

    public Task Faulted<T, TException>(BehaviorExceptionContext<MergeJobState, T, TException> context,
        IBehavior<MergeJobState, T> next) where T : class where TException : Exception => next.Faulted(context);
}
