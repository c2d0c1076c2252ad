using MergeBus.Distributed.Tests.Support;
using MergeBus.Testing;

namespace MergeBus.Distributed.Tests;

/// <summary>Defect 7 for the Fetcher: it too downloads (and decrypts) inputs into MERGE_TMP_DIR.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkFolderTests(Cluster cluster)
{
    [Fact]
    public async Task A_starting_fetcher_removes_the_decrypted_input_a_killed_fetcher_left_in_its_work_folder()
    {
        await using var deployment = await cluster.NewDeploymentAsync("fetchjanitor");
        var root = Path.Combine(deployment.TempDirectoryOf("fetcher"), "fetch");
        var leftover = await KilledWorkFolder.CreateAsync(root, "0f3a.input", "decrypted audio");

        var fetcher = await deployment.StartAsync("Fetcher", "fetcher");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists(leftover) && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);

        Assert.False(Directory.Exists(leftover), $"{leftover} is still there\n{deployment.Logs()}");
        Assert.Contains(fetcher.Lines, l => l.Contains("Removed 1 fetch work folders"));
    }
}
