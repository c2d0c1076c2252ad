using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;

namespace MergeBus.Steps;

public static class StepFailures
{
    /// <summary>Bad input is an outcome, not a fault: the saga dead-letters the job at once, with the reason.</summary>
    public static Task PublishPermanentFailure(this ConsumeContext context, string jobId, int attempt, int @try,
        string step, PermanentMergeException reason) =>
        context.Publish(new MergeStepFailed
        {
            JobId = jobId,
            Attempt = attempt,
            Try = @try,
            Step = step,
            Reason = reason.Message,
            Permanent = true,
            EarlierWorkGone = reason is EarlierWorkGoneException,
        });
}
