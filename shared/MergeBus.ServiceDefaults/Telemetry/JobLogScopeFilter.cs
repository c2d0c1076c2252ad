using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace MergeBus.ServiceDefaults.Telemetry;

/// <summary>
/// Puts the JobId of every consumed message that has one into the logging scope, so each line a consumer or the
/// saga logs while handling it names the job (and carries it as a field in JSON logs).
/// </summary>
public sealed class JobLogScopeFilter<T>(ILoggerFactory loggers) : IFilter<ConsumeContext<T>> where T : class
{
    public const string ScopeKey = "JobId";
    private static readonly Func<T, string?> ReadJobId = JobIdReader.For<T>();
    private readonly ILogger logger = loggers.CreateLogger("MergeBus.Jobs");

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var jobId = ReadJobId(context.Message);
        if (jobId is null)
        {
            await next.Send(context);
            return;
        }
        using (logger.BeginScope("Job {JobId}", jobId))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("jobLogScope");
}

/// <summary>Finds a message's job id: its own JobId property, or that of the message a Fault wraps.</summary>
internal static class JobIdReader
{
    private static readonly ConcurrentDictionary<Type, Func<object, string?>> Readers = new();

    public static Func<T, string?> For<T>() where T : class
    {
        var reader = Readers.GetOrAdd(typeof(T), Build);
        return message => reader(message);
    }

    private static Func<object, string?> Build(Type type)
    {
        if (type.GetProperty("JobId", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } property && t == typeof(string))
            return message => property.GetValue(message) as string;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Fault<>))
        {
            var inner = Readers.GetOrAdd(type.GetGenericArguments()[0], Build);
            var messageProperty = type.GetProperty(nameof(Fault<object>.Message))!;
            return fault => messageProperty.GetValue(fault) is { } wrapped ? inner(wrapped) : null;
        }
        return _ => null;
    }
}
