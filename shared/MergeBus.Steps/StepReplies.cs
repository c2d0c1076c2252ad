using MassTransit;
using MergeBus.Protocol;
using Microsoft.Extensions.Logging;

namespace MergeBus.Steps;

public static class StepReplies
{
    /// <summary>
    /// Runs one try of a step and publishes its reply. Bad input is an outcome, not a fault: it goes to the saga as
    /// the step's permanent failure. Any other exception faults the command (the endpoint retries it, then the saga
    /// hears Fault&lt;T&gt;).
    /// </summary>
    public static async Task ReplyAsync<TReply>(this ConsumeContext context, StepTry step, ILogger logger,
        Func<Task<TReply>> run) where TReply : class
    {
        TReply reply;
        try
        {
            reply = await run();
        }
        catch (PermanentMergeException bad)
        {
            logger.LogWarning("Job {JobId}: bad input ({Step}): {Reason}", step.JobId, step.Step, bad.Message);
            await context.PublishPermanentFailure(step.JobId, step.Attempt, step.Try, step.Step, bad);
            return;
        }
        await context.Publish(reply);
    }
}
