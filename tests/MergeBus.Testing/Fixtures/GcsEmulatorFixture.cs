using MergeBus.LoopbackServers;
using Xunit;

namespace MergeBus.Testing.Fixtures;

/// <summary>the GCS emulator as an xUnit class or collection fixture: xUnit starts it before the first test and disposes it after the last.</summary>
public sealed class GcsEmulatorFixture : GcsEmulatorServer, IAsyncLifetime;
