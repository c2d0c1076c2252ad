using System.Text.Json;
using StackExchange.Redis;

namespace MergeBus.Redis.Saga;

/// <summary>How a saga type is kept in Redis.</summary>
public sealed class RedisSagaRepositoryOptions<TSaga>
    where TSaga : class
{
    /// <summary>Prefix of every key of this saga type. Default <c>mergebus:saga:{type name}</c>.</summary>
    public string KeyPrefix { get; set; } = $"mergebus:saga:{typeof(TSaga).Name}";

    /// <summary>How long a finished saga stays readable before Redis expires it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// States after which the saga is finished, even when the state machine does not call
    /// SetCompletedWhenFinalized. Such sagas stay loadable (so late messages still find them) until they expire.
    /// </summary>
    public ISet<string> FinalStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "Final" };

    /// <summary>
    /// Reads the state name for the state index. Default: a <c>CurrentState</c> or <c>State</c> property of type
    /// string or int.
    /// </summary>
    public Func<TSaga, string?> StateOf { get; set; } = SagaStateProperty<TSaga>.Default;

    public JsonSerializerOptions JsonOptions { get; set; } = new(JsonSerializerDefaults.General);

    /// <summary>Supplies the connection. Default: the <see cref="IConnectionMultiplexer"/> registered in DI.</summary>
    public Func<IServiceProvider, IConnectionMultiplexer>? ConnectionFactory { get; set; }

    /// <summary>The database number; -1 is the connection's default database.</summary>
    public int Database { get; set; } = -1;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix))
            throw new ArgumentException("The saga key prefix must not be empty.");
        if (KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
            throw new ArgumentException("The saga key prefix must not hold braces: it becomes the keys' hash tag.");
        if (Retention <= TimeSpan.Zero)
            throw new ArgumentException("The retention of finished sagas must be positive.");
    }
}
