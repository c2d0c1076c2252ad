using MassTransit;
using MergeBus.Steps;
using System.Diagnostics.Metrics;
using MergeBus.Redis.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MergeBus.Ingest.Components.Telemetry;

/// <summary>
/// Queue depth (pending, processing, dead) of the egress queue and the Mixer backlog (jobs in the Mixing state),
/// the figures an autoscaler needs. Read from Redis every few seconds; a scrape only reads the last figures, so a
/// slow Redis never slows /metrics.
/// </summary>
public sealed class QueueDepthGauges : BackgroundService
{
    /// <summary>The saga's state index (RedisSagaKeys layout) of jobs handed to the Mixer and not yet mixed.</summary>
    private const string MixingStateKey = "mergebus:saga:MergeJobState:state:Mixing";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer redis;
    private readonly IBusControl bus;
    private readonly ILogger<QueueDepthGauges> logger;
    private readonly Meter meter = new(IngestMetrics.MeterName + ".Queue");
    private long pending, processing, dead, mixerBacklog;

    public QueueDepthGauges(IConnectionMultiplexer redis, IBusControl bus, ILogger<QueueDepthGauges> logger)
    {
        this.redis = redis;
        this.bus = bus;
        this.logger = logger;
        meter.CreateObservableGauge("mergebus.queue.depth", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref pending), new KeyValuePair<string, object?>("state", "pending")),
            new Measurement<long>(Interlocked.Read(ref processing), new KeyValuePair<string, object?>("state", "processing")),
            new Measurement<long>(Interlocked.Read(ref dead), new KeyValuePair<string, object?>("state", "dead")),
        }, "{job}", "Entries of the egress queue: pending, claimed (processing) and dead");
        meter.CreateObservableGauge("mergebus.mixer.backlog", () => Interlocked.Read(ref mixerBacklog), "{job}",
            "Jobs handed to the Mixers and not yet mixed");
    }

    /// <summary>Reads the figures now (also called by the loop).</summary>
    public async Task RefreshAsync()
    {
        var db = redis.GetDatabase();
        var lengths = await Task.WhenAll(
            db.ListLengthAsync(EgressQueueKeys.Queue),
            db.ListLengthAsync(EgressQueueKeys.Processing),
            db.ListLengthAsync(EgressQueueKeys.Dead),
            db.SetLengthAsync(MixingStateKey));
        Interlocked.Exchange(ref pending, lengths[0]);
        Interlocked.Exchange(ref processing, lengths[1]);
        Interlocked.Exchange(ref dead, lengths[2]);
        Interlocked.Exchange(ref mixerBacklog, lengths[3]);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First read after the start (BusHealthy); until then the gauges read 0.
        if (!await BusHealthy.WaitAsync(bus, stoppingToken)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug("Queue depth not read: {Reason}", e.Message);
            }
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
