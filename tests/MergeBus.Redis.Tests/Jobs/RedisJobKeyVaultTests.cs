using MergeBus.Redis.Jobs;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Jobs;

public sealed class RedisJobKeyVaultTests(RedisFixture fixture) : RedisTest(fixture)
{
    private static readonly byte[] JobKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] WorkerKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task A_stored_key_is_returned_for_its_job()
    {
        var vault = new RedisJobKeyVault(Redis, WorkerKey);

        await vault.StoreAsync("job-1", JobKey, TimeSpan.FromHours(1));

        Assert.Equal(JobKey, await vault.GetAsync("job-1"));
    }

    [Fact]
    public async Task A_stored_key_is_kept_as_base64_under_the_jobkey_name_and_expires()
    {
        await new RedisJobKeyVault(Redis).StoreAsync("job-2", JobKey, TimeSpan.FromHours(1));

        Assert.Equal(Convert.ToBase64String(JobKey), (string)(await Database.StringGetAsync("mergebus:jobkey:job-2"))!);
        Assert.InRange((await Database.KeyTimeToLiveAsync("mergebus:jobkey:job-2"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_job_without_its_own_key_gets_the_worker_key()
    {
        Assert.Equal(WorkerKey, await new RedisJobKeyVault(Redis, WorkerKey).GetAsync("job-3"));
    }

    [Fact]
    public async Task Without_a_job_key_or_a_worker_key_there_is_no_key()
    {
        Assert.Null(await new RedisJobKeyVault(Redis).GetAsync("job-4"));
    }

    [Fact]
    public async Task A_removed_key_is_gone_from_Redis()
    {
        var vault = new RedisJobKeyVault(Redis, WorkerKey);
        await vault.StoreAsync("job-5", JobKey, TimeSpan.FromHours(1));

        await vault.RemoveAsync("job-5");

        Assert.False(await Database.KeyExistsAsync("mergebus:jobkey:job-5"));
        Assert.Equal(WorkerKey, await vault.GetAsync("job-5"));
    }

    [Fact]
    public async Task A_resubmission_with_another_key_never_replaces_the_key_of_the_job_in_flight()
    {
        var vault = new RedisJobKeyVault(Redis);
        await vault.StoreAsync("job-6", JobKey, TimeSpan.FromHours(1));

        var refused = await Assert.ThrowsAsync<MergeBus.Protocol.PermanentMergeException>(
            () => vault.StoreAsync("job-6", WorkerKey, TimeSpan.FromHours(1)));

        Assert.Contains("already has a different master key", refused.Message);
        Assert.Equal(JobKey, await vault.GetAsync("job-6"));
    }

    [Fact]
    public async Task The_same_key_stored_twice_is_accepted_as_a_redelivery()
    {
        var vault = new RedisJobKeyVault(Redis);
        await vault.StoreAsync("job-7", JobKey, TimeSpan.FromHours(1));

        await vault.StoreAsync("job-7", JobKey, TimeSpan.FromHours(1));

        Assert.Equal(JobKey, await vault.GetAsync("job-7"));
    }
}
