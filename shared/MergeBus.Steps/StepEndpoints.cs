namespace MergeBus.Steps;

/// <summary>
/// The queue of every command. Definitions take their endpoint name from here and the saga sends to the same
/// address, so a command reaches exactly its one consumer.
/// </summary>
public static class StepEndpoints
{
    public const string MergeJobState = "merge-job-state";
    public const string FetchInputs = "fetch-inputs";
    public const string MixTracks = "mix-tracks";
    public const string PublishMix = "publish-mix";
    public const string RecordMergeFailure = "record-merge-failure";

    /// <summary>The transport-neutral address of a queue (works on RabbitMQ and in memory).</summary>
    public static Uri AddressOf(string endpointName) => new($"queue:{endpointName}");
}
