using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>
/// Submitted → Fetching → Mixing → Publishing → Completed. A failed try is retried until the job has failed
/// <see cref="MaxFailedAttempts"/> times; a permanent input error, or the last failure, ends in DeadLettered.
/// Every message may arrive twice: a repeat is ignored, except the message that started the current try, whose
/// commands are sent again (Ingest may have died between saving the saga and sending them).
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
    public Event<MixProgressed> MixProgressed { get; private set; } = null!;
    public Event<ResumeMergeJob> ResumeRequested { get; private set; } = null!;

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
        Event(() => MixProgressed, e =>
        {
            e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => ResumeRequested, e =>
        {
            e.CorrelateById(c => JobCorrelation.FromJobId(c.Message.JobId));
            e.OnMissingInstance(m => m.Discard());
        });

        // First, in every state: the message that saved the current state came again. Declared before the blocks
        // below so that it sees the saga as that message left it. Any other repeat matches nothing: ignored.
        During([Fetching, Mixing, Publishing, Completed, DeadLettered],
            When(JobSubmitted, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(InputsFetched, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(TracksMixed, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(MixPublished, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(StepFailed, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(FetchFaulted, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(MixFaulted, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(PublishFaulted, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            When(RetryRequested, c => c.Saga.IsRedeliveredTrigger(c)).ResendAfterRedelivery(),
            // The Publisher's answer to a dead-lettering changes nothing; a heartbeat or a resume for a state
            // without a block below is late.
            Ignore(FailureRecorded),
            Ignore(FailureRecordFaulted),
            Ignore(MixProgressed),
            Ignore(ResumeRequested));

        Initially(
            When(JobSubmitted)
                .Then(c => c.Saga.Accept(c.Message))
                .PublishJobStarted() // before its first step, so a job's history reads in order
                .StartStep(MergeJobSteps.Fetch)
                .SendFetchInputs()
                .TransitionTo(Fetching)
                .WriteJobStatus());

        During(Fetching,
            When(InputsFetched, c => c.Saga.IsCurrentTry(c.Message.Try))
                .Then(c =>
                {
                    c.Saga.Plan = c.Message.Plan;
                    c.Saga.Transfer += c.Message.Transfer;
                })
                .StartStep(MergeJobSteps.Mix)
                .SendMixTracks()
                .TransitionTo(Mixing)
                .WriteJobStatus());

        During(Mixing,
            When(MixProgressed, c => c.Saga.IsCurrentTry(c.Message.Try))
                .Then(c => c.Saga.Touch()),
            When(TracksMixed, c => c.Saga.IsCurrentTry(c.Message.Try))
                .Then(c => c.Saga.KeepMix(c.Message))
                .StartStep(MergeJobSteps.Publish)
                .SendPublishMix()
                .TransitionTo(Publishing)
                .WriteJobStatus());

        During(Publishing,
            When(MixPublished, c => c.Saga.IsCurrentTry(c.Message.Try))
                .Then(c =>
                {
                    c.Saga.Transfer += c.Message.Transfer;
                    c.Saga.Finish([.. c.Message.Artifacts], c);
                })
                .TransitionTo(Completed)
                .WriteJobStatus()
                .ReleaseJobKey()
                .PublishJobCompleted(),
            When(StepFailed, c => c.Saga.IsCurrentTry(c.Message.Try) && c.Saga.MustRestartFromFetch(c.Message))
                .Then(c => c.Saga.RestartFromFetch(c.Message.Reason))
                .StartStep(MergeJobSteps.Fetch)
                .SendFetchInputs()
                .TransitionTo(Fetching)
                .WriteJobStatus());

        During(Fetching, Mixing, Publishing,
            When(ResumeRequested, c => c.Saga.IsCurrentTry(c.Message.Try))
                .Then(c => c.Saga.Touch())
                .SendCurrentStepCommand(),
            When(StepFailed, c => c.Saga.IsCurrentTry(c.Message.Try) && !c.Saga.MustRestartFromFetch(c.Message))
                .Then(c => c.Saga.RecordFailure(c.Message.Step, c.Message.Reason, c.Message.Permanent))
                .RetryOrDeadLetter(this),
            When(FetchFaulted, c => c.Saga.IsCurrentTry(c.Message.Message.Try))
                .Then(c => c.Saga.RecordFailure(MergeSteps.Fetch, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this),
            When(MixFaulted, c => c.Saga.IsCurrentTry(c.Message.Message.Try))
                .Then(c => c.Saga.RecordFailure(MergeSteps.Mix, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this),
            When(PublishFaulted, c => c.Saga.IsCurrentTry(c.Message.Message.Try))
                .Then(c => c.Saga.RecordFailure(MergeSteps.Publish, FaultReason(c.Message), permanent: false))
                .RetryOrDeadLetter(this));

        During(DeadLettered,
            // MergeJobDeadLettered went out when the saga gave up; the Publisher's answer (FailureRecorded) changes nothing.
            When(RetryRequested, c => !c.Saga.IsRedeliveredTrigger(c))
                .Then(c => c.Saga.ResetForRetry())
                .StartStep(saga => MergeJobSteps.RetryFrom(saga.Step, saga))
                .PublishJobRetried()
                .SendCurrentStepCommand()
                .TransitionToCurrentStep(this)
                .WriteJobStatus());
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
