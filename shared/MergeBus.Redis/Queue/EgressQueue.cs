using System.Diagnostics;
using StackExchange.Redis;

namespace MergeBus.Redis.Queue;

/// <summary>
/// The egress's merge job queue (spec §1) with at-least-once claims: an entry moves to a processing list when
/// claimed and leaves it only when acknowledged or dead-lettered; claims left too long go back to the front.
/// </summary>
/// <param name="redis">The shared connection: every script runs here.</param>
/// <param name="options">Visibility timeout, poll interval, dead-list limits.</param>
/// <param name="blocking">
/// A connection of its own for the blocking wait (see <c>RedisConnectionFactory.ConnectForBlocking</c>); without
/// one, an empty queue is polled every <see cref="EgressQueueOptions.PollInterval"/>.
/// </param>
public sealed class EgressQueue(IConnectionMultiplexer redis, EgressQueueOptions? options = null, IConnectionMultiplexer? blocking = null)
{
    /// <summary>The longest single blocking wait; the blocking connection's timeout allows for it.</summary>
    internal static readonly TimeSpan LongestBlock = TimeSpan.FromSeconds(2);

    private static readonly RedisKey[] ClaimKeys =
    [
        EgressQueueKeys.Queue, EgressQueueKeys.Processing, EgressQueueKeys.Claims, EgressQueueKeys.ClaimEntries,
        EgressQueueKeys.ClaimSequence, EgressQueueKeys.Dead,
    ];

    private static readonly RedisKey[] AckKeys =
        [EgressQueueKeys.Processing, EgressQueueKeys.Claims, EgressQueueKeys.ClaimEntries];

    private static readonly RedisKey[] DeadLetterKeys =
        [EgressQueueKeys.Processing, EgressQueueKeys.Claims, EgressQueueKeys.ClaimEntries, EgressQueueKeys.Dead];

    private static readonly RedisKey[] RequeueKeys =
        [EgressQueueKeys.Queue, EgressQueueKeys.Processing, EgressQueueKeys.Claims, EgressQueueKeys.ClaimEntries];

    private readonly EgressQueueOptions _options = options ?? new EgressQueueOptions();

    public EgressQueueOptions Options => _options;

    /// <summary>
    /// Raised with a count when the claim script dead-listed entries over <see cref="EgressQueueOptions.MaxEntryBytes"/>
    /// (they never reach this process, so this is all the listener learns of them).
    /// </summary>
    public event Action<int>? EntriesRefused;

    /// <summary>True when an empty queue is waited on with a blocking command rather than polled.</summary>
    public bool Blocks => blocking is not null;

    /// <summary>
    /// Claims the oldest entry, waiting up to <paramref name="wait"/> for one to arrive.
    /// </summary>
    /// <returns>The claim, or null when the queue stayed empty for the whole wait.</returns>
    public async Task<QueueClaim?> ClaimAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await Database.ScriptEvaluateAsync(QueueScripts.Claim, ClaimKeys, ClaimArguments).WaitAsync(cancellationToken);
            if (!result.IsNull)
            {
                var parts = (RedisResult[])result!;
                var refused = (int)parts[^1];
                if (refused > 0) EntriesRefused?.Invoke(refused);
                if (parts.Length > 1) return ToClaim(parts);
                continue;
            }

            var remaining = wait - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                return null;
            if (blocking is null)
                await Task.Delay(remaining < _options.PollInterval ? remaining : _options.PollInterval, cancellationToken);
            else
                await WaitForEntryAsync(remaining < LongestBlock ? remaining : LongestBlock, cancellationToken);
        }
    }

    /// <summary>
    /// Blocks until the queue holds an entry, without taking it: BLMOVE from the queue's head back to its head
    /// leaves the list as it was, so only the Lua claim ever removes an entry and no crash can lose one between
    /// a pop and its claim record. Several waiting instances all wake; one claim wins, the others wait again.
    /// </summary>
    private async Task WaitForEntryAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(0.01, Math.Round(timeout.TotalSeconds, 3));
        await blocking!.GetDatabase()
            .ExecuteAsync("BLMOVE", (RedisKey)EgressQueueKeys.Queue, (RedisKey)EgressQueueKeys.Queue, "LEFT", "LEFT",
                seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WaitAsync(cancellationToken);
    }

    /// <summary>Removes the entry for good; call it once the saga has accepted the job.</summary>
    /// <returns>False when the claim had already expired and been requeued (someone else may now hold it).</returns>
    public async Task<bool> AckAsync(QueueClaim claim, CancellationToken cancellationToken = default)
    {
        var result = await Database.ScriptEvaluateAsync(QueueScripts.Ack, AckKeys, [claim.ClaimId]).WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>
    /// Moves an entry that can never be processed to the dead list, with its master key removed, so it stops
    /// blocking the queue.
    /// </summary>
    /// <returns>False when the claim had already expired and been requeued.</returns>
    public async Task<bool> DeadLetterAsync(QueueClaim claim, string reason, CancellationToken cancellationToken = default)
    {
        var record = DeadLetterRecord.Create(claim.Entry, reason, DateTimeOffset.UtcNow, _options.MaxDeadEntryChars);
        var result = await Database.ScriptEvaluateAsync(QueueScripts.DeadLetter, DeadLetterKeys,
                [claim.ClaimId, record, _options.MaxDeadEntries])
            .WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>
    /// Gives a claim back at once, to the front of the queue: for a hand-off that failed for a passing reason, so the
    /// entry need not wait out the visibility timeout.
    /// </summary>
    /// <returns>False when the claim had already expired and been requeued.</returns>
    public async Task<bool> ReleaseAsync(QueueClaim claim, CancellationToken cancellationToken = default)
    {
        var result = await Database.ScriptEvaluateAsync(QueueScripts.Release, RequeueKeys, [claim.ClaimId])
            .WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>Puts claims older than the configured visibility timeout back at the front of the queue.</summary>
    public Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default) =>
        RequeueExpiredAsync(_options.VisibilityTimeout, cancellationToken);

    /// <summary>Puts claims older than <paramref name="visibilityTimeout"/> back at the front of the queue.</summary>
    /// <returns>How many entries went back.</returns>
    public async Task<int> RequeueExpiredAsync(TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var milliseconds = (long)visibilityTimeout.TotalMilliseconds;
        var result = await Database.ScriptEvaluateAsync(QueueScripts.RequeueExpired, RequeueKeys, [milliseconds])
            .WaitAsync(cancellationToken);
        return (int)result;
    }

    private IDatabase Database => redis.GetDatabase();

    private RedisValue[] ClaimArguments => [_options.MaxEntryBytes, _options.MaxDeadEntries, _options.MaxDeadEntryChars];

    private static QueueClaim ToClaim(RedisResult[] parts) =>
        new((string)parts[0]!, (string)parts[1]!, DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)parts[2]!)));
}
