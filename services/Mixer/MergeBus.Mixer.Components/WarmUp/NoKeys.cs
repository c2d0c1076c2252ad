using MergeBus.Protocol.Jobs;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>The warm-up's key vault: its session is plain, so it holds no key and stores none.</summary>
internal sealed class NoKeys : IJobKeyVault
{
    public static readonly NoKeys Instance = new();

    public Task StoreAsync(string jobId, byte[] masterKey, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the Mixer's warm-up stores no key");

    public Task<byte[]?> GetAsync(string jobId, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
