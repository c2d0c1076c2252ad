using MergeBus.Protocol;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// The real store's read path, warmed with requests that only read: a metadata request and a download of a key no job
/// can name. The start's access check has built the client already; these compile the SDK's request, signing and
/// error paths a job's download runs and leave a pooled connection for it. The write path (a job's staged upload) is
/// only rehearsed offline, by a store that can (<see cref="IStorageWriteRehearsal"/>). Nothing is written.
/// </summary>
internal static class StoreWarmUp
{
    /// <summary>The key asked for: under a folder no manifest or staging key can live in, and new on every start.</summary>
    public static string MissingKey() => $"mergebus-mixer-warm-up/{Guid.NewGuid():N}.absent";

    /// <summary>
    /// Reads <paramref name="key"/> as a job's download does: through the job's counting wrapper and its verified
    /// download (which finds the key missing), then opens it; answers ignored, a store that answers at all is warm.
    /// Twice at once, as a job's inputs download in parallel, so the pool holds a second connection and its
    /// connect path is compiled.
    /// </summary>
    public static Task ReadAsync(IObjectStorage store, string key, CancellationToken cancellationToken)
    {
        var counted = new CountedStores(new MergeStores(store, store)).Stores.Recordings;
        return Task.WhenAll(ReadOnceAsync(counted, key, cancellationToken), ReadOnceAsync(counted, key + ".2", cancellationToken));
    }

    private static async Task ReadOnceAsync(IObjectStorage store, string key, CancellationToken cancellationToken)
    {
        try
        {
            await VerifiedDownload.ReadAsync(store, new ExpectedObject(key, 0, ""), masterKey: null, (_, _) => Task.FromResult(0),
                cancellationToken);
        }
        catch (PermanentMergeException)
        {
            // The expected answer: nothing is there.
        }
        try
        {
            await using var body = await store.OpenReadAsync(key, cancellationToken);
        }
        catch (StorageObjectNotFoundException)
        {
            // The expected answer: nothing is there.
        }
    }

    /// <summary>
    /// Uploads <paramref name="localPath"/> to <paramref name="key"/> through the store's client with no request sent,
    /// if the store can rehearse a write; false if it cannot (then the first staged upload stays cold).
    /// </summary>
    public static async Task<bool> RehearseWriteAsync(IObjectStorage store, string key, string localPath, CancellationToken cancellationToken)
    {
        if (store is not IStorageWriteRehearsal rehearsal) return false;
        await rehearsal.RehearseWriteAsync(key, localPath, cancellationToken);
        return true;
    }
}
