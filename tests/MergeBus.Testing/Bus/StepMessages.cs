using MergeBus.Contracts;
using Xunit;

namespace MergeBus.Testing.Bus;

/// <summary>Messages and checks the step consumers' tests share.</summary>
public static class StepMessages
{
    /// <summary>A 2 s mix plan without tracks to the Ogg Opus room mix beside <paramref name="manifestPath"/>.</summary>
    public static MixPlan Plan(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        RoomName = "room",
        Layout = "mix",
        Formats = ["ogg_opus"],
        SampleRate = 48000,
        ChannelCount = 1,
        OutputKeys = new Dictionary<string, string> { ["ogg_opus"] = "room/s1/room_mix_room.ogg" },
        Tracks = [],
        TimelineSamples = 96_000,
    };

    /// <summary>The step's bad-input answer: permanent, for the command's own try, with the reason word for word.</summary>
    public static void AssertPermanentFailure(MergeStepFailed failure, (string JobId, int Attempt, int Try) command, string step, string reason)
    {
        Assert.Equal(command, (failure.JobId, failure.Attempt, failure.Try));
        Assert.Equal((step, true, reason), (failure.Step, failure.Permanent, failure.Reason));
    }
}
