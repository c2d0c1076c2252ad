using MassTransit;

namespace MergeBus.Testing.Bus;

/// <summary>
/// Counts every consumption of <typeparamref name="T"/> that ended without an exception, redeliveries included (the
/// harness's own Consumed list keeps one entry per message id, and its InactivityTask completes only once).
/// </summary>
public sealed class ConsumeCounter<T> : IConsumeMessageObserver<T> where T : class
{
    private readonly object gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
    private int consumed;

    public int Consumed
    {
        get { lock (gate) return consumed; }
    }

    /// <summary>Completes once <paramref name="count"/> consumptions have ended; a guard against a hang, not a timing.</summary>
    public Task Reached(int count)
    {
        lock (gate)
        {
            if (consumed >= count) return Task.CompletedTask;
            var waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            waiters.Add(waiter);
            return waiter.Item2.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<T> context)
    {
        lock (gate)
        {
            consumed++;
            foreach (var waiter in waiters.Where(w => w.Count <= consumed)) waiter.Reached.TrySetResult();
            waiters.RemoveAll(w => w.Count <= consumed);
        }
        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;
}
