using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Lkae;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Ingest.Components;

public sealed class JobSubmitter(IPublishEndpoint publisher, IJobKeyVault keyVault, StorageLocation storage,
    JobKeyLifetime keyLifetime, IngestOptions options)
    : IJobSubmitter
{
    public async Task SubmitAsync(MergeJob job, JobOverrides? overrides, CancellationToken cancellationToken)
    {
        JobEntryCheck.Check(job, options.Queue);
        if (string.IsNullOrWhiteSpace(job.ManifestPath)) throw new PermanentMergeException("job has no manifest_path");
        var manifestKey = ManifestPathResolver.Resolve(job.ManifestPath, storage.Bucket);
        var masterKey = job.Encryption?.MasterKey;
        if (!string.IsNullOrEmpty(masterKey))
        {
            await keyVault.StoreAsync(job.Id, JobEntryCheck.MasterKeyOf(masterKey), keyLifetime.Value, cancellationToken);
        }

        await publisher.Publish(new SubmitMergeJob
        {
            JobId = job.Id,
            ManifestPath = manifestKey,
            SessionId = job.SessionId,
            CreatedAt = job.CreatedAt,
            Layout = overrides?.Layout,
            Loudness = overrides?.Loudness,
            Formats = overrides?.Formats,
            Source = overrides?.Source ?? "api",
            EncryptionMode = job.Encryption?.Mode,
        }, cancellationToken);
    }
}
