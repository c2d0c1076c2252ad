using MergeBus.LoopbackServers;
using MergeBus.Storage.Azure;
using MergeBus.Storage.Tests.Support;
using MergeBus.Testing.Fixtures;

namespace MergeBus.Storage.Tests.Contract;

public sealed class LocalStorageContract : ObjectStorageContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<IObjectStorage> CreateStoreAsync(string? prefix) =>
        Task.FromResult<IObjectStorage>(new LocalObjectStorage(prefix is null ? _root.Path : Path.Combine(_root.Path, prefix)));

    protected override string ExpectedDescription => new Uri(Path.Combine(_root.Path, Run) + "/").AbsoluteUri;

    public void Dispose() => _root.Dispose();
}

[Collection(S3rverCollection.Name)]
public sealed class S3StorageContract(S3rverFixture s3) : ObjectStorageContract
{
    protected override async Task<IObjectStorage> CreateStoreAsync(string? prefix) =>
        await s3.CreateStorageAsync("recordings", prefix);

    protected override string ExpectedDescription => $"s3://recordings/{Run} at {s3.Endpoint}/";
}

[Collection(GcsEmulatorCollection.Name)]
public sealed class GcsStorageContract(GcsEmulatorFixture gcs) : ObjectStorageContract
{
    protected override Task<IObjectStorage> CreateStoreAsync(string? prefix) =>
        Task.FromResult<IObjectStorage>(gcs.CreateStorage("recordings", prefix));

    protected override string ExpectedDescription => $"gs://recordings/{Run} at {gcs.Endpoint}";
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageContract(AzuriteFixture azure) : ObjectStorageContract
{
    protected override async Task<IObjectStorage> CreateStoreAsync(string? prefix) =>
        await azure.CreateStorageAsync("recordings", prefix);

    protected override string ExpectedDescription =>
        $"azure://{AzuriteServer.AccountName}/recordings/{Run} at {azure.Endpoint}/";
}
