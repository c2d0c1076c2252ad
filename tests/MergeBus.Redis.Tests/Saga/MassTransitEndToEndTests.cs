using System.Diagnostics;
using MassTransit;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Redis.Tests.Saga;

/// <summary>A real MassTransit in-memory bus running a state machine on the Redis repository.</summary>
public sealed class MassTransitEndToEndTests(RedisFixture fixture) : RedisTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private ServiceProvider _provider = null!;
    private IBusControl _bus = null!;

    private TestRetryLog Retries => _provider.GetRequiredService<TestRetryLog>();

    private ISagaStateQuery<TestSaga> Queries => _provider.GetRequiredService<ISagaStateQuery<TestSaga>>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var services = new ServiceCollection();
        services.AddSingleton(Redis);
        services.AddSingleton<TestRetryLog>();
        services.AddMassTransit(x =>
        {
            x.AddSagaStateMachine<TestStateMachine, TestSaga>()
                .Endpoint(e => e.ConcurrentMessageLimit = 8)
                .Repository(r => r.UseMergeBusRedis(o =>
                {
                    o.KeyPrefix = "e2e:saga";
                    o.Retention = TimeSpan.FromHours(2);
                }));
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseMessageRetry(r => r.Interval(20, TimeSpan.FromMilliseconds(20)).Handle<ConcurrencyException>());
                cfg.ConfigureEndpoints(context);
            });
        });
        _provider = services.BuildServiceProvider();
        _bus = _provider.GetRequiredService<IBusControl>();
        await _bus.StartAsync(new CancellationTokenSource(Patience).Token);
    }

    public override async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Two_concurrent_messages_to_one_saga_are_both_applied_after_a_conflict_is_retried()
    {
        var id = Guid.NewGuid();
        await _bus.Publish(new StartTest(id));
        await WaitForAsync(id, s => s.Instance.CurrentState == "Running");

        await Task.WhenAll(_bus.Publish(new AddNote(id, "a")), _bus.Publish(new AddNote(id, "b")));
        var saga = await WaitForAsync(id, s => s.Instance.Notes.Count == 2);

        Assert.Equal(["a", "b"], saga.Instance.Notes.Order());
        Assert.True(Retries.MaxAttempt > 0, "the handlers never ran on a retry, so no conflict was exercised");
    }

    [Fact]
    public async Task Two_concurrent_starts_create_one_saga_that_counts_both()
    {
        var id = Guid.NewGuid();

        await Task.WhenAll(_bus.Publish(new StartTest(id)), _bus.Publish(new StartTest(id)));
        var saga = await WaitForAsync(id, s => s.Instance.Starts == 2);

        Assert.Equal("Running", saga.Instance.CurrentState);
        Assert.Single(await Queries.ListByStateAsync("Running"));
        Assert.True(Retries.MaxAttempt > 0, "both starts never raced, so the duplicate-insert path was not exercised");
    }

    [Fact]
    public async Task A_finalized_saga_is_kept_for_the_retention_period()
    {
        var id = Guid.NewGuid();
        await _bus.Publish(new StartTest(id));
        await WaitForAsync(id, s => s.Instance.CurrentState == "Running");

        await _bus.Publish(new FinishTest(id));
        var saga = await WaitForAsync(id, s => s.IsCompleted);

        Assert.Equal("Final", saga.Instance.CurrentState);
        Assert.InRange(saga.TimeToLive!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task MassTransits_load_repository_reads_the_saga_from_Redis()
    {
        var id = Guid.NewGuid();
        await _bus.Publish(new StartTest(id));
        await WaitForAsync(id, s => s.Instance.CurrentState == "Running");

        var loaded = await _provider.GetRequiredService<ILoadSagaRepository<TestSaga>>().Load(id);

        Assert.Equal(id, loaded?.CorrelationId);
    }

    private async Task<StoredSaga<TestSaga>> WaitForAsync(Guid id, Func<StoredSaga<TestSaga>, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            var saga = await Queries.GetAsync(id);
            if (saga is not null && condition(saga))
                return saga;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Saga {id} did not reach the expected condition within {Patience}.");
    }
}
