using MergeBus.Protocol.Mixing;
using MergeBus.Testing.Bus;

namespace MergeBus.Mixer.Tests.Leveling;

/// <summary>
/// The contracts reference nothing but MassTransit, so the plan repeats leveling's defaults instead of naming
/// <see cref="LoudnessOptions"/>: a plan that carries no limits (from a sender that predates them) must level as
/// the documentation and the configuration say.
/// </summary>
public sealed class PlanDefaultsTests
{
    [Fact]
    public void A_plan_that_names_no_leveling_limits_levels_to_the_documented_target_with_the_documented_largest_gain()
    {
        var plan = StepMessages.Plan("room/s1/manifest.json");

        Assert.Equal((LoudnessOptions.DefaultTargetLufs, LoudnessOptions.DefaultMaxGainDb), (plan.LoudnessTargetLufs, plan.LoudnessMaxGainDb));
    }
}
