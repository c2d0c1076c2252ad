using System.Collections.Concurrent;
using MassTransit;

namespace MergeBus.Redis.Tests.Saga;

public sealed record StartTest(Guid SagaId);

public sealed record AddNote(Guid SagaId, string Note);

public sealed record FinishTest(Guid SagaId);

/// <summary>
/// Deliberately slow handlers, so that concurrent messages really load the same version and collide.
/// </summary>
public sealed class TestStateMachine : MassTransitStateMachine<TestSaga>
{
    public static readonly TimeSpan HandlerDelay = TimeSpan.FromMilliseconds(150);

    public TestStateMachine(TestRetryLog retries)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, e => e.CorrelateById(m => m.Message.SagaId));
        Event(() => NoteAdded, e => e.CorrelateById(m => m.Message.SagaId));
        Event(() => Finished, e => e.CorrelateById(m => m.Message.SagaId));

        Initially(
            When(Started)
                .ThenAsync(async c =>
                {
                    retries.Record(c.GetRetryAttempt());
                    c.Saga.Starts++;
                    c.Saga.CreatedAt = DateTimeOffset.UtcNow;
                    await Task.Delay(HandlerDelay);
                })
                .TransitionTo(Running));

        During(Running,
            When(Started)
                .ThenAsync(async c =>
                {
                    retries.Record(c.GetRetryAttempt());
                    c.Saga.Starts++;
                    await Task.Delay(HandlerDelay);
                }),
            When(NoteAdded)
                .ThenAsync(async c =>
                {
                    retries.Record(c.GetRetryAttempt());
                    c.Saga.Notes.Add(c.Message.Note);
                    await Task.Delay(HandlerDelay);
                }),
            When(Finished).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Running { get; private set; } = null!;

    public Event<StartTest> Started { get; private set; } = null!;

    public Event<AddNote> NoteAdded { get; private set; } = null!;

    public Event<FinishTest> Finished { get; private set; } = null!;
}

/// <summary>Which retry attempts the handlers saw: proof that a conflict really happened and was retried.</summary>
public sealed class TestRetryLog
{
    private readonly ConcurrentBag<int> _attempts = [];

    public void Record(int attempt) => _attempts.Add(attempt);

    public int MaxAttempt => _attempts.IsEmpty ? 0 : _attempts.Max();
}
