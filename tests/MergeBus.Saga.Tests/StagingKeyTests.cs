using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Saga.Tests;

/// <summary>Issue 19: a job's staging folder is its own, whatever characters its id holds.</summary>
public class StagingKeyTests
{
    [Fact]
    public void Job_ids_a_slash_b_and_a_underscore_b_never_share_a_staging_folder()
    {
        var slash = new MergeJobState { JobId = "a/b" };
        var underscore = new MergeJobState { JobId = "a_b" };

        // A failed job's cleanup deletes everything under its root: the other job's staged mix must not be there.
        Assert.False(($"{underscore.StagingPrefix}/run/room_mix.ogg").StartsWith(slash.StagingRoot + "/", StringComparison.Ordinal));
        Assert.False(($"{slash.StagingPrefix}/run/room_mix.ogg").StartsWith(underscore.StagingRoot + "/", StringComparison.Ordinal));
    }
}
