using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.StateMachines;
using static MergeBus.Saga.Tests.Journeys;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>The step table is the one place a step's facts live: the machine, the retry rule and the history agree with it.</summary>
public class StepTableTests
{
    [Fact]
    public async Task Every_step_in_the_table_is_a_state_of_the_machine()
    {
        await using var test = await StartAsync();

        var states = test.Machine.States.Select(s => s.Name).ToList();

        Assert.All(MergeJobSteps.All, step => Assert.Contains(step.State, states));
        Assert.Equal(MergeJobSteps.All.Select(s => s.State), MergeJobStates.Active);
    }

    [Fact]
    public async Task Every_steps_reply_and_the_fault_of_its_command_are_events_of_the_machine()
    {
        await using var test = await StartAsync();

        var messages = test.Machine.Events.SelectMany(e => e.GetType().GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>))
            .Select(i => i.GetGenericArguments()[0]).ToList();

        Assert.All(MergeJobSteps.All, step => Assert.Contains(step.Reply, messages));
        Assert.All(MergeJobSteps.All, step => Assert.Contains(typeof(Fault<>).MakeGenericType(step.Command), messages));
    }

    [Fact]
    public void Each_steps_command_is_built_for_the_sagas_current_try_and_sent_to_its_own_queue()
    {
        var saga = new MergeJobState
        {
            JobId = "t-1", ManifestPath = "room/t-1/manifest.json", FailedAttempts = 1, Try = 4,
            Plan = Plan("t-1"), StagedArtifacts = [Staged("t-1")],
        };

        foreach (var step in MergeJobSteps.All)
        {
            var command = step.CommandFor(saga);
            Assert.IsType(step.Command, command);
            Assert.Equal(("t-1", 2, 4), ((string)Field(command, "JobId"), (int)Field(command, "Attempt"), (int)Field(command, "Try")));
            Assert.Equal($"queue:{step.Endpoint}", step.Address.ToString());
        }
    }

    [Theory]
    [InlineData("publish", true, true, "publish")]
    [InlineData("publish", true, false, "mix")]
    [InlineData("publish", false, false, "fetch")]
    [InlineData("mix", true, false, "mix")]
    [InlineData("mix", false, false, "fetch")]
    [InlineData("fetch", true, true, "fetch")]
    public void A_retry_starts_from_the_latest_step_up_to_the_failed_one_whose_input_is_kept(
        string failed, bool planKept, bool mixKept, string expected)
    {
        var saga = new MergeJobState
        {
            Step = failed,
            Plan = planKept ? Plan("r-1") : null,
            StagedArtifacts = mixKept ? [Staged("r-1")] : null,
        };

        Assert.Equal(expected, MergeJobSteps.RetryFrom(failed, saga).Name);
    }

    [Fact]
    public void The_history_names_each_steps_state_as_the_table_does()
    {
        Assert.All(MergeJobSteps.All, step => Assert.Equal(step.State, JobStates.ForStep(step.Name)));
        Assert.Equal(JobStates.Submitted, JobStates.ForStep("no-such-step"));
    }

    [Fact]
    public async Task A_publish_whose_staged_mix_is_gone_again_after_a_restart_is_a_counted_failure_not_a_second_restart()
    {
        await using var test = await StartAsync();
        await MergeJobStateMachineTests.DriveToPublishing(test, "g-1");
        await test.Publish(Gone("g-1", @try: 3));
        await test.WaitForState("g-1", m => m.Fetching);
        await test.Publish(Fetched("g-1", @try: 4));
        await test.WaitForState("g-1", m => m.Mixing);
        await test.Publish(Mixed("g-1", @try: 5));
        await test.WaitForState("g-1", m => m.Publishing);

        await test.Publish(Gone("g-1", @try: 6));

        var saga = await test.WaitForState("g-1", m => m.DeadLettered);
        Assert.NotNull(saga);
        Assert.Equal(1, saga!.FailedAttempts);
        Assert.Single(saga.Notes, n => n.StartsWith("started again from fetch", StringComparison.Ordinal));
        Assert.False(await AnyFault(test));
    }

    private static MergeStepFailed Gone(string id, int @try) => new()
    {
        JobId = id, Attempt = 1, Try = @try, Step = "publish", Reason = "staged mix is missing: x", Permanent = true, EarlierWorkGone = true,
    };

    private static object Field(object message, string name) => message.GetType().GetProperty(name)!.GetValue(message)!;
}
