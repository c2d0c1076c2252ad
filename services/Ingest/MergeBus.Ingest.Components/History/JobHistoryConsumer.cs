using MergeBus.Steps;
using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// Turns the saga's and the steps' events into the job's history. It runs on its own endpoint (job-history), so a
/// slow or absent PostgreSQL only delays the history: the events wait in that queue and the jobs go on. Every
/// event is recorded once per dedupe key, so a redelivered message adds nothing.
/// </summary>
public sealed class JobHistoryConsumer(IJobHistoryRecorder recorder) :
    IConsumer<MergeJobStarted>,
    IConsumer<MergeJobStepStarted>,
    IConsumer<InputsFetched>,
    IConsumer<TracksMixed>,
    IConsumer<MixPublished>,
    IConsumer<MergeStepFailed>,
    IConsumer<Fault<FetchInputs>>,
    IConsumer<Fault<MixTracks>>,
    IConsumer<Fault<PublishMix>>,
    IConsumer<MergeJobCompleted>,
    IConsumer<MergeJobDeadLettered>,
    IConsumer<MergeJobRetried>
{
    public Task Consume(ConsumeContext<MergeJobStarted> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, "submitted",
            new JobSubmitted(m.JobId, m.Source, RoomOf(m.ManifestPath), m.SessionId, m.ManifestPath, At(context, m.Timestamp)));
    }

    public Task Consume(ConsumeContext<MergeJobStepStarted> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, TryKey("started", m.Step, m.Attempt, m.Try),
            new StepStarted(m.JobId, m.Step, m.Attempt, At(context, m.Timestamp), m.Try));
    }

    public Task Consume(ConsumeContext<InputsFetched> context)
    {
        var m = context.Message;
        var plan = m.Plan;
        var lanes = plan.Tracks.Select(t => new ParticipantLane(
            t.ParticipantId, t.ParticipantIdentity, t.OffsetSamples, t.TimelineSamples,
            [.. t.AudioRuns.Select(r => new[] { r.StartSamples, r.LengthSamples })], t.OverlapsCorrected)).ToList();
        return Record(context, m.JobId, TryKey("succeeded", MergeSteps.Fetch, m.Attempt, m.Try),
            Succeeded(context, m.JobId, MergeSteps.Fetch, m.Attempt, m.Try, m.WorkerId, m.Transfer),
            new InputsRead(m.JobId, m.Attempt, plan.RoomName, plan.Layout, plan.SampleRate, plan.TimelineSamples, lanes));
    }

    public Task Consume(ConsumeContext<TracksMixed> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, TryKey("succeeded", MergeSteps.Mix, m.Attempt, m.Try),
            Succeeded(context, m.JobId, MergeSteps.Mix, m.Attempt, m.Try, m.WorkerId, m.Transfer),
            new MixMade(m.JobId, m.Attempt, m.DurationMs, [.. m.Channels.Select(c => new ChannelRow(c.Channel, c.ParticipantIds))],
                m.Warnings) { Loudness = m.Loudness });
    }

    public Task Consume(ConsumeContext<MixPublished> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, TryKey("succeeded", MergeSteps.Publish, m.Attempt, m.Try),
            Succeeded(context, m.JobId, MergeSteps.Publish, m.Attempt, m.Try, m.WorkerId, m.Transfer));
    }

    public Task Consume(ConsumeContext<MergeStepFailed> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, TryKey("failed", m.Step, m.Attempt, m.Try),
            new StepFailed(m.JobId, m.Step, m.Attempt, At(context, null), m.Reason, m.Permanent, "", HostOf(context.Host), m.Try));
    }

    public Task Consume(ConsumeContext<Fault<FetchInputs>> context) =>
        RecordFault(context, context.Message.Message.JobId, context.Message.Message.Attempt, context.Message.Message.Try, MergeSteps.Fetch);

    public Task Consume(ConsumeContext<Fault<MixTracks>> context) =>
        RecordFault(context, context.Message.Message.JobId, context.Message.Message.Attempt, context.Message.Message.Try, MergeSteps.Mix);

    public Task Consume(ConsumeContext<Fault<PublishMix>> context) =>
        RecordFault(context, context.Message.Message.JobId, context.Message.Message.Attempt, context.Message.Message.Try, MergeSteps.Publish);

    public Task Consume(ConsumeContext<MergeJobCompleted> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, $"completed:{m.Attempts}", new JobCompleted(m.JobId, m.Attempts, At(context, m.Timestamp),
            [.. m.Artifacts.Select(a => new ArtifactRow(a.Format, a.StorageUri, a.Size, a.Sha256, a.DurationMs, a.ParticipantIdentity))]));
    }

    public Task Consume(ConsumeContext<MergeJobDeadLettered> context)
    {
        var m = context.Message;
        // The saga's error list only grows (a retry keeps it), so its length names this dead-lettering.
        return Record(context, m.JobId, $"deadlettered:{m.Errors.Count}",
            new JobDeadLettered(m.JobId, m.Reason, m.Attempts, At(context, m.Timestamp)));
    }

    public Task Consume(ConsumeContext<MergeJobRetried> context)
    {
        var m = context.Message;
        return Record(context, m.JobId, $"retried:{m.Timestamp.UtcTicks}",
            new RetryRequested(m.JobId, m.FromStep, At(context, m.Timestamp)));
    }

    private Task RecordFault<T>(ConsumeContext<Fault<T>> context, string jobId, int attempt, int @try, string step) where T : class
    {
        var fault = context.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        var message = (exception?.Message ?? "step failed").Split('\n', 2)[0].Trim();
        var reason = exception is null ? message : $"{exception.ExceptionType[(exception.ExceptionType.LastIndexOf('.') + 1)..]}: {message}";
        return Record(context, jobId, TryKey("failed", step, attempt, @try),
            new StepFailed(jobId, step, attempt, At(context, fault.Timestamp), reason, false, "", HostOf(fault.Host), @try));
    }

    private static StepSucceeded Succeeded(ConsumeContext context, string jobId, string step, int attempt, int @try, string workerId,
        TransferCounts transfer) =>
        new(jobId, step, attempt, At(context, null), workerId, HostOf(context.Host), transfer.BytesDownloaded, transfer.BytesUploaded, @try);

    /// <summary>
    /// Names one step's try: the saga's try number, which no other try of any step shares. The attempt does not
    /// do: every step of one attempt has it, and a support retry starts again from attempt 1. Messages from
    /// before tries existed carry 0 and fall back to the attempt.
    /// </summary>
    public static string TryKey(string what, string step, int attempt, int @try) =>
        @try > 0 ? $"{what}:{step}:try-{@try}" : $"{what}:{step}:attempt-{attempt}";

    private Task Record(ConsumeContext context, string jobId, string dedupeKey, params object[] events) =>
        recorder.RecordAsync(jobId, dedupeKey, events, context.CancellationToken);

    private static DateTimeOffset At(ConsumeContext context, DateTimeOffset? stamped) =>
        stamped is { } at && at != default ? at : context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : DateTimeOffset.UtcNow;

    private static string HostOf(HostInfo? host) => host is null ? "" : $"{host.MachineName}/{host.ProcessId}";

    /// <summary>Manifests live at {room}/{session}/manifest.json (spec §2): the room before the fetch has read it.</summary>
    public static string RoomOf(string manifestPath)
    {
        var path = Uri.TryCreate(manifestPath, UriKind.Absolute, out var url) && url.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? url.AbsolutePath
            : manifestPath;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? Uri.UnescapeDataString(parts[^3]) : "";
    }
}
