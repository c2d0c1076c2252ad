using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Steps;

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

    [Fact]
    public void A_job_id_of_letters_digits_dashes_underscores_and_dots_keeps_its_staging_name()
    {
        var saga = new MergeJobState { JobId = "EG_room-1.2", Try = 3 };

        Assert.Equal("staging/EG_room-1.2/try-3", saga.StagingPrefix);
    }

    [Fact]
    public void Job_ids_that_differ_in_any_character_get_different_staging_folders()
    {
        string[] ids = ["a/b", "a_b", "a~2Fb", "a~b", "a%2Fb", "a b", "a\\b", "a\u00e9b", "a\u00c3\u00a9b", "ab", "a.b", ".ab", "~2Eab", ""];

        var folders = ids.Select(StagingKeys.JobFolder).ToList();

        Assert.Equal(ids.Length, folders.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../other-job")]
    [InlineData("")]
    public void A_job_id_never_names_staging_itself_nor_a_folder_outside_its_own(string id)
    {
        var folder = StagingKeys.JobFolder(id);

        var name = folder[StagingKeys.Root.Length..];
        Assert.StartsWith(StagingKeys.Root, folder, StringComparison.Ordinal);
        Assert.DoesNotContain("/", name, StringComparison.Ordinal);
        Assert.NotEqual("", name);
        Assert.False(name.StartsWith('.'), $"{name} starts with a dot");
    }
}
