using System.CommandLine;
using System.Text.Json;
using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Saga;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus jobs [--state S] [ID]` reads job state straight from Redis (status keys and saga documents);
/// `mergebus retry ID` asks the saga, over the bus, to run a dead-lettered job again.
/// </summary>
public static class JobsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "A job id: print its status record and saga", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "Only jobs in this saga state (Fetching, Mixing, Publishing, Completed, DeadLettered)" };
        var command = new Command("jobs", "List merge jobs, or show one, from Redis") { id, state };
        command.SetAction((parse, cancellationToken) => ReportingRedisErrors(async () =>
        {
            var settings = ServiceDefaultsExtensions.LoadSettingsOrExit();
            using var redis = await ConnectAsync(settings);
            var sagas = Sagas(redis, settings);
            if (parse.GetValue(id) is { } jobId) return await ShowAsync(redis, sagas, jobId, cancellationToken);
            var state1 = parse.GetValue(state);
            var found = string.IsNullOrEmpty(state1)
                ? await sagas.ListAllAsync(cancellationToken)
                : await sagas.ListByStateAsync(state1, cancellationToken);
            Console.Out.WriteLine($"{"JOB",-44} {"STATE",-13} {"STEP",-8} {"TRIES",5} {"WORKER",-16} ERROR");
            foreach (var job in found.Select(s => JobSummary.From(s.Instance)).OrderBy(s => s.SubmittedAt))
                Console.Out.WriteLine($"{job.Id,-44} {job.State,-13} {job.Step,-8} {job.FailedAttempts,5} {job.WorkerId,-16} {job.LastError}");
            return 0;
        }));
        return command;
    }

    public static Command CreateRetry()
    {
        var id = new Argument<string>("id") { Description = "The id of a DeadLettered job" };
        var command = new Command("retry", "Run a dead-lettered job again from the start") { id };
        command.SetAction((parse, cancellationToken) => ReportingRedisErrors(async () =>
        {
            var settings = ServiceDefaultsExtensions.LoadSettingsOrExit();
            var jobId = parse.GetValue(id)!;
            using (var redis = await ConnectAsync(settings))
            {
                var saga = await Sagas(redis, settings).GetByJobIdAsync(jobId, cancellationToken);
                if (saga is null)
                {
                    Console.Error.WriteLine($"no job {jobId}");
                    return 1;
                }
                if (saga.Instance.CurrentState != MergeJobStates.DeadLettered)
                {
                    Console.Error.WriteLine($"job {jobId} is {saga.Instance.CurrentState}; only a DeadLettered job can be retried");
                    return 1;
                }
            }
            if (settings.Bus.Transport != BusSettings.RabbitMqTransport)
            {
                Console.Error.WriteLine("retry needs the RabbitMQ transport (mergebus.transport: rabbitmq)");
                return 2;
            }

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddMergeBusMessaging(settings.Bus, _ => { });
            await using var provider = services.BuildServiceProvider();
            var bus = provider.GetRequiredService<IBusControl>();
            await bus.StartAsync(cancellationToken);
            try
            {
                await bus.Publish(new RetryMergeJob { JobId = jobId }, cancellationToken);
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
            }
            Console.Out.WriteLine($"retry requested for {jobId}");
            return 0;
        }));
        return command;
    }

    private static async Task<int> ShowAsync(ConnectionMultiplexer redis, ISagaStateQuery<MergeJobState> sagas, string jobId,
        CancellationToken cancellationToken)
    {
        var status = await new RedisJobStatusStore(redis).GetAsync(jobId, cancellationToken);
        var saga = await sagas.GetByJobIdAsync(jobId, cancellationToken);
        if (status is null && saga is null)
        {
            Console.Error.WriteLine($"no job {jobId}");
            return 1;
        }
        if (status is not null) Console.Out.WriteLine(JobJson.Serialize(status.WithoutSecrets()));
        if (saga is not null)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(JobSummary.From(saga.Instance), Indented));
            foreach (var error in saga.Instance.Errors) Console.Out.WriteLine($"  {error}");
        }
        return 0;
    }

    /// <summary>An unreachable Redis is one line on stderr, not a stack trace.</summary>
    private static async Task<int> ReportingRedisErrors(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            Console.Error.WriteLine($"cannot reach Redis: {e.Message.Split('\n', 2)[0].Split(';', 2)[0]}");
            return 1;
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(MergeBusSettings settings) =>
        await ConnectionMultiplexer.ConnectAsync(RedisConnectionFactory.ToConfiguration(settings.Redis));

    private static RedisSagaQueries<MergeJobState> Sagas(ConnectionMultiplexer redis, MergeBusSettings settings) =>
        new(new RedisSagaStore<MergeJobState>(redis, new RedisSagaRepositoryOptions<MergeJobState> { Retention = settings.SagaRetention }));
}
