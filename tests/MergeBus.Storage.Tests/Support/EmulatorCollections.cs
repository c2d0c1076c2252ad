using MergeBus.Testing.Fixtures;

namespace MergeBus.Storage.Tests.Support;

/// <summary>One Storage emulator process serves every test class in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class GcsEmulatorCollection : ICollectionFixture<GcsEmulatorFixture>
{
    public const string Name = "gcs-emulator";
}

/// <summary>One Azurite process serves every test class in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azure blob emulator";
}
