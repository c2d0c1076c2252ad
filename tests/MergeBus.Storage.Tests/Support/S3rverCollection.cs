using MergeBus.Testing.Fixtures;

namespace MergeBus.Storage.Tests.Support;

/// <summary>One s3rver process serves every test class in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
