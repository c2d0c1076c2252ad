using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Jobs;

public sealed class RedisJobStatusStoreTests(RedisFixture fixture) : RedisTest(fixture)
{
    private const string MasterKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static MergeJob EncryptedJob(string id) => new()
    {
        Id = id,
        ManifestPath = "room/SESSION/manifest.json",
        SessionId = "SESSION",
        Encryption = new JobEncryption { Mode = "aes_256", MasterKey = MasterKey },
        Status = JobStatuses.Running,
        Retries = 1,
        CreatedAt = 1770953278790000000,
    };

    [Fact]
    public async Task The_status_is_written_to_the_egress_key_with_a_one_day_expiry()
    {
        await new RedisJobStatusStore(Redis).SetAsync(EncryptedJob("job-1"));

        var ttl = await Database.KeyTimeToLiveAsync("livekit:egress:merge:status:job-1");

        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(86390), TimeSpan.FromSeconds(86400));
    }

    [Fact]
    public async Task The_status_never_contains_the_master_key()
    {
        await new RedisJobStatusStore(Redis).SetAsync(EncryptedJob("job-2"));

        var raw = (string)(await Database.StringGetAsync("livekit:egress:merge:status:job-2"))!;

        Assert.DoesNotContain(MasterKey, raw);
        Assert.DoesNotContain("master_key", raw);
        Assert.Contains("\"mode\":\"aes_256\"", raw);
    }

    [Fact]
    public async Task A_stored_status_reads_back_without_its_key()
    {
        var store = new RedisJobStatusStore(Redis);
        var job = EncryptedJob("job-3");
        await store.SetAsync(job);

        var read = await store.GetAsync("job-3");

        Assert.Equal(job.WithoutSecrets(), read);
    }

    [Fact]
    public async Task An_unknown_job_has_no_status()
    {
        Assert.Null(await new RedisJobStatusStore(Redis).GetAsync("nope"));
    }
}
