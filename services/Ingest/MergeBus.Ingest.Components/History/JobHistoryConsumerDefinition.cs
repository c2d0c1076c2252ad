using MassTransit;
using Npgsql;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// One message at a time, in order; while PostgreSQL is unreachable the message is retried (up to a day, backing
/// off to a minute) and the rest wait in the queue. Only database outages are retried this way.
/// </summary>
public sealed class JobHistoryConsumerDefinition : ConsumerDefinition<JobHistoryConsumer>
{
    public const string QueueName = "job-history";

    public JobHistoryConsumerDefinition()
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<JobHistoryConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<Exception>(IsDatabaseOutage);
            r.Exponential(2000, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(500));
        });
    }

    /// <summary>Npgsql's errors, however Marten wraps them: the database is away, not the message wrong.</summary>
    public static bool IsDatabaseOutage(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg) return pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
            if (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException) return true;
        }
        return false;
    }
}
