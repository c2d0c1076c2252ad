using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>
/// Submitted → Fetching → Mixing → Publishing → Completed. A failed try is retried until the job has failed
/// <see cref="MaxFailedAttempts"/> times; a permanent input error, or the last failure, ends in DeadLettered.
/// </summary>
public sealed class MergeJobStateMachine : MassTransitStateMachine<MergeJobState>
{
    public const int MaxFailedAttempts = 3;

    public State Fetching { get; private set; } = null!;
    public State Mixing { get; private set; } = null!;
    public State Publishing { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State DeadLettered { get; private set; } = null!;

    public Event<SubmitMergeJob> JobSubmitted { get; private set; } = null!;
    public Event<InputsFetched> InputsFetched { get; private set; } = null!;
    public Event<TracksMixed> TracksMixed { get; private set; } = null!;
    public Event<MixPublished> MixPublished { get; private set; } = null!;
    public Event<MergeStepFailed> StepFailed { get; private set; } = null!;
    public Event<Fault<FetchInputs>> FetchFaulted { get; private set; } = null!;
    public Event<Fault<MixTracks>> MixFaulted { get; private set; } = null!;
    public Event<Fault<PublishMix>> PublishFaulted { get; private set; } = null!;
    public Event<MergeFailureRecorded> FailureRecorded { get; private set; } = null!;
    public Event<Fault<RecordMergeFailure>> FailureRecordFaulted { get; private set; } = null!;
    public Event<RetryMergeJob> RetryRequested { get; private set; } = null!;

    public MergeJobStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => JobSubmitted, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => InputsFetched, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => TracksMixed, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => MixPublished, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => StepFailed, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => FetchFaulted, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.Message.JobId)));
        Event(() => MixFaulted, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.Message.JobId)));
        Event(() => PublishFaulted, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.Message.JobId)));
        Event(() => FailureRecorded, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId)));
        Event(() => FailureRecordFaulted, e => e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.Message.JobId)));
        Event(() => RetryRequested, e =>
        {
            e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId));
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(JobSubmitted)
                .Then(c => c.Saga.Accept(c.Message))
                .PublishAsync(c => c.Init<MergeJobStarted>(new MergeJobStarted
                {
                    JobId = c.Saga.JobId,
                    SessionId = c.Saga.SessionId,
                    ManifestPath = c.Saga.ManifestPath,
                    Source = c.Saga.Source,
                    Timestamp = c.Saga.SubmittedAt,
                }))
                .StartStep(MergeSteps.Fetch)
                .PublishStepCommand()
                .TransitionTo(Fetching)
                .WriteJobStatus());

        During(Fetching,
            When(InputsFetched, c => c.Message.Attempt == c.Saga.Attempt)
                .Then(c =>
                {
                    c.Saga.Plan = c.Message.Plan;
                    c.Saga.Transfer += c.Message.Transfer;
                })
                .StartStep(MergeSteps.Mix)
                .PublishStepCommand()
                .TransitionTo(Mixing)
                .WriteJobStatus());

        During(Mixing,
            When(TracksMixed, c => c.Message.Attempt == c.Saga.Attempt)
                .Then(c =>
                {
                    c.Saga.StagedArtifacts = [.. c.Message.Artifacts];
                    c.Saga.Channels = [.. c.Message.Channels];
                    if (c.Message.WorkerId.Length > 0) c.Saga.WorkerId = c.Message.WorkerId;
                    c.Saga.Transfer += c.Message.Transfer;
                })
                .StartStep(MergeSteps.Publish)
                .PublishStepCommand()
                .TransitionTo(Publishing)
                .WriteJobStatus());

        During(Publishing,
            When(MixPublished, c => c.Message.Attempt == c.Saga.Attempt)
                .Then(c =>
                {
                    c.Saga.Transfer += c.Message.Transfer;
                    c.Saga.Finish([.. c.Message.Artifacts]);
                })
                .TransitionTo(Completed)
                .WriteJobStatus()
                .ReleaseJobKey()
                .PublishAsync(c => c.Init<MergeJobCompleted>(new MergeJobCompleted
                {
                    JobId = c.Saga.JobId,
                    SessionId = c.Saga.SessionId,
                    ManifestPath = c.Saga.ManifestPath,
                    Artifacts = c.Saga.PublishedArtifacts ?? [],
                    Attempts = c.Saga.Attempt,
                    Transfer = c.Saga.Transfer,
                    Timestamp = DateTimeOffset.UtcNow,
                })));

        During(Fetching, Mixing, Publishing,
            When(StepFailed, c => c.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.RecordFailure(c.Message.Step, c.Message.Reason, c.Message.Permanent))
                .RetryOrDeadLetter(this),
            When(FetchFaulted, c => c.Message.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.RecordFailure(MergeSteps.Fetch, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this),
            When(MixFaulted, c => c.Message.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.RecordFailure(MergeSteps.Mix, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this),
            When(PublishFaulted, c => c.Message.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.RecordFailure(MergeSteps.Publish, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this));

        During(DeadLettered,
            When(FailureRecorded).AnnounceDeadLetter(),
            When(FailureRecordFaulted).AnnounceDeadLetter(),
            When(RetryRequested)
                .Then(c => c.Saga.ResetForRetry())
                .PublishAsync(c => c.Init<MergeJobRetried>(new MergeJobRetried
                {
                    JobId = c.Saga.JobId,
                    SessionId = c.Saga.SessionId,
                    ManifestPath = c.Saga.ManifestPath,
                    FromStep = MergeSteps.Fetch,
                    Timestamp = DateTimeOffset.UtcNow,
                }))
                .StartStep(MergeSteps.Fetch)
                .PublishStepCommand()
                .TransitionTo(Fetching)
                .WriteJobStatus());

        // A job id submitted again while known is the same job: one saga, one mix.
        DuringAny(
            Ignore(JobSubmitted));
        During(Completed,
            Ignore(StepFailed), Ignore(FetchFaulted), Ignore(MixFaulted), Ignore(PublishFaulted),
            Ignore(RetryRequested));
        During(Fetching, Mixing, Publishing, Ignore(RetryRequested));
    }

    private static string FaultReason<T>(Fault<T> fault) where T : class
    {
        var exception = fault.Exceptions.FirstOrDefault();
        var message = exception?.Message ?? "step failed";
        var firstLine = message.Split('\n', 2)[0].Trim();
        return exception is null ? firstLine : $"{ShortTypeName(exception.ExceptionType)}: {firstLine}";
    }

    private static string ShortTypeName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
