namespace MergeBus.Mixer.Tests.Memory;

/// <summary>Tests that read the process's managed heap size run alone: any other test allocating at the same time would count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapAloneCollection
{
    public const string Name = "managed heap, alone";
}
