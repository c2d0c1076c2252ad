namespace MergeBus.Protocol.Jobs;

/// <summary>What a worker process needs to know about itself, whatever service it runs.</summary>
public sealed record WorkerSettings
{
    /// <summary>MERGE_WORKER_ID; the host name when unset.</summary>
    public string WorkerId { get; init; } = Environment.MachineName;

    /// <summary>MERGE_TMP_DIR: downloads, decrypted inputs and encoded outputs live here while a step runs.</summary>
    public string TempDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "mergebus");

    /// <summary>Layout used when neither the job nor the manifest asks for one.</summary>
    public string DefaultLayout { get; init; } = "mix";

    /// <summary>Speaker leveling when neither the job nor the manifest asks (mergebus.loudness, .target, .max_gain).</summary>
    public MergeBus.Protocol.Mixing.LoudnessOptions Loudness { get; init; } = MergeBus.Protocol.Mixing.LoudnessOptions.Off;
}
