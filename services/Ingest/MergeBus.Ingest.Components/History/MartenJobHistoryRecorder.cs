using Marten;
using JasperFx;

namespace MergeBus.Ingest.Components.History;

public sealed class MartenJobHistoryRecorder(IDocumentStore store) : IJobHistoryRecorder
{
    public async Task RecordAsync(string jobId, string dedupeKey, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        var id = $"{jobId}|{dedupeKey}";
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<RecordedMessage>(id, cancellationToken) is not null) return;
        session.Insert(new RecordedMessage { Id = id, RecordedAt = DateTimeOffset.UtcNow });
        session.Events.Append(jobId, events.ToArray());
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // A copy of the same message was recorded between our check and our write: nothing to add.
        }
    }
}
