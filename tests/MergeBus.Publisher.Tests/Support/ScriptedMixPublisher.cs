using MergeBus.Contracts;
using MergeBus.Publisher.Components;

namespace MergeBus.Publisher.Tests.Support;

/// <summary>
/// Stands in for the real publisher only to choose the outcome of each call (the real one moves real objects in
/// Merge.Tests and Distributed.Tests). Call n (from 1) of each method gets <c>publish(n)</c> or <c>record(n)</c>.
/// </summary>
public sealed class ScriptedMixPublisher(Func<int, PublishedMix>? publish = null, Action<int>? record = null) : IMixPublisher
{
    private int publishCalls;
    private int recordCalls;

    public int PublishCalls => Volatile.Read(ref publishCalls);

    public int RecordCalls => Volatile.Read(ref recordCalls);

    public Task<PublishedMix> PublishAsync(PublishMix command, CancellationToken cancellationToken) =>
        Task.FromResult((publish ?? (_ => Published(command)))(Interlocked.Increment(ref publishCalls)));

    public Task RecordFailureAsync(RecordMergeFailure command, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref recordCalls);
        record?.Invoke(call);
        return Task.CompletedTask;
    }

    /// <summary>Every staged artifact at its final key.</summary>
    public static PublishedMix Published(PublishMix command) => new(
        command.Artifacts.Select(a => new PublishedArtifact
        {
            Format = a.Format,
            StorageUri = $"s3://recordings/{a.FinalKey}",
            Key = a.FinalKey,
            Size = a.Size,
            Sha256 = a.Sha256,
        }).ToList(),
        new TransferCounts { BytesUploaded = command.Artifacts.Sum(a => a.Size) });
}
