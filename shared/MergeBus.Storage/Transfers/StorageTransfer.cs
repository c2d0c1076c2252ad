namespace MergeBus.Storage.Transfers;

public static class StorageTransfer
{
    /// <summary>Copies an object, server-side when both keys are in the same store.</summary>
    public static async Task CopyAsync(IObjectStorage from, string fromKey, IObjectStorage to, string toKey,
        CancellationToken cancellationToken)
    {
        if (ReferenceEquals(from, to))
        {
            await from.CopyAsync(fromKey, toKey, cancellationToken);
            return;
        }

        await using var source = await from.OpenReadAsync(fromKey, cancellationToken);
        await to.PutAsync(toKey, source, cancellationToken);
    }

    /// <summary>Deletes everything under a prefix; used to clean a job's staging area.</summary>
    public static async Task DeletePrefixAsync(IObjectStorage storage, string prefix, CancellationToken cancellationToken)
    {
        var items = await storage.ListAsync(prefix, cancellationToken);
        await ParallelTransfers.RunAsync([.. items], (item, token) => storage.DeleteAsync(item.Key, token), cancellationToken);
    }
}
