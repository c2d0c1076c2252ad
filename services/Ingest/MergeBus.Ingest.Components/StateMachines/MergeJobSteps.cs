using MergeBus.Contracts;
using MergeBus.Protocol.Mixing;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>
/// The step table: each step's state, command, reply, retry rule and history label, in the order a job runs them.
/// A new step is a row here (with its command's builder below), its contract and its consumer; the machine then
/// names it in one transition. docs/architecture.md shows the table.
/// </summary>
public static class MergeJobSteps
{
    // Name, state (also the history label), command queue, command, reply; then the retry rule and the command.
    public static readonly MergeJobStep Fetch = new(MergeSteps.Fetch, nameof(MergeJobStateMachine.Fetching), StepEndpoints.FetchInputs, typeof(FetchInputs), typeof(InputsFetched),
        CanRunAgain: _ => true, CommandFor: FetchInputsFor); // needs only the job itself

    public static readonly MergeJobStep Mix = new(MergeSteps.Mix, nameof(MergeJobStateMachine.Mixing), StepEndpoints.MixTracks, typeof(MixTracks), typeof(TracksMixed),
        CanRunAgain: saga => saga.Plan is not null, CommandFor: MixTracksFor);

    public static readonly MergeJobStep Publish = new(MergeSteps.Publish, nameof(MergeJobStateMachine.Publishing), StepEndpoints.PublishMix, typeof(PublishMix), typeof(MixPublished),
        CanRunAgain: saga => saga.StagedArtifacts is { Count: > 0 }, CommandFor: PublishMixFor);

    public static readonly IReadOnlyList<MergeJobStep> All = [Fetch, Mix, Publish];

    public static MergeJobStep? Named(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>Where a retry of <paramref name="failed"/> starts: the latest step up to it that can run again.</summary>
    public static MergeJobStep RetryFrom(string failed, MergeJobState saga)
    {
        var index = All.ToList().FindIndex(s => s.Name == failed);
        for (var i = index; i > 0; i--)
            if (All[i].CanRunAgain(saga)) return All[i];
        return All[0];
    }

    public static FetchInputs FetchInputsFor(MergeJobState saga) => new()
    {
        JobId = saga.JobId,
        Attempt = saga.Attempt,
        Try = saga.Try,
        ManifestPath = saga.ManifestPath,
        Layout = saga.Layout,
        Formats = saga.Formats,
        Loudness = saga.Loudness,
    };

    public static MixTracks MixTracksFor(MergeJobState saga) => new()
    {
        JobId = saga.JobId,
        Attempt = saga.Attempt,
        Try = saga.Try,
        Plan = saga.Plan!,
        StagingPrefix = saga.StagingPrefix,
    };

    public static PublishMix PublishMixFor(MergeJobState saga) => new()
    {
        JobId = saga.JobId,
        Attempt = saga.Attempt,
        Try = saga.Try,
        ManifestPath = saga.ManifestPath,
        Artifacts = saga.StagedArtifacts!,
        Channels = saga.Channels ?? [],
        Layout = saga.Plan?.Layout ?? MixLayouts.Mix,
        StagingPrefix = saga.StagingRoot, // the mix was staged by an earlier try: clean them all
        Loudness = saga.MixLoudness,
        Timeline = saga.Timeline,
    };
}
