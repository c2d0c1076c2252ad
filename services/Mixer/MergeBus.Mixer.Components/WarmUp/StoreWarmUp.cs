using MergeBus.Storage;

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

    /// <summary>Reads <paramref name="key"/> twice, both answers ignored; a store that answers at all is warm.</summary>
    public static async Task ReadAsync(IObjectStorage store, string key, CancellationToken cancellationToken)
    {
        await store.StatAsync(key, cancellationToken);
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
