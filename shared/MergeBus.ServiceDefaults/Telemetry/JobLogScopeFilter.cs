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
