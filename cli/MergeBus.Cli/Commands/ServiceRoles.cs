namespace MergeBus.Cli.Commands;

/// <summary>Which MergeBus services a process runs. Each consumes only its own endpoints.</summary>
[Flags]
public enum ServiceRoles
{
    None = 0,
    /// <summary>The saga (merge-job-state), the egress queue listener and the HTTP API.</summary>
    Ingest = 1,
    /// <summary>fetch-inputs.</summary>
    Fetcher = 2,
    /// <summary>mix-tracks.</summary>
    Mixer = 4,
    /// <summary>publish-mix and record-merge-failure.</summary>
    Publisher = 8,
    All = Ingest | Fetcher | Mixer | Publisher,
}
