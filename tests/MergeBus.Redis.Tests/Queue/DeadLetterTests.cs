using System.Text.Json;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Queue;

public sealed class DeadLetterTests(RedisFixture fixture) : RedisTest(fixture)
{
    private const string MasterKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private async Task<QueueClaim> ClaimAsync(EgressQueue queue, string entry)
    {
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, entry);
        return (await queue.ClaimAsync(TimeSpan.Zero))!;
    }

    private async Task<JsonElement> SingleDeadRecordAsync()
    {
        var dead = await Database.ListRangeAsync(EgressQueueKeys.Dead);
        return JsonDocument.Parse((string)Assert.Single(dead)!).RootElement;
    }

    [Fact]
    public async Task A_dead_lettered_entry_leaves_processing_and_lands_on_the_dead_list_with_its_reason()
    {
        var queue = new EgressQueue(Redis);
        var claim = await ClaimAsync(queue, """{"id":"job-1"}""");

        Assert.True(await queue.DeadLetterAsync(claim, "manifest_path is empty"));

        Assert.Equal(0, await Database.ListLengthAsync(EgressQueueKeys.Processing));
        var record = await SingleDeadRecordAsync();
        Assert.Equal("""{"id":"job-1"}""", record.GetProperty("entry").GetString());
        Assert.Equal("manifest_path is empty", record.GetProperty("reason").GetString());
        Assert.True(record.GetProperty("at").GetInt64() > 1_700_000_000_000_000_000);
    }

    [Fact]
    public async Task A_dead_lettered_job_loses_its_master_key_and_keeps_everything_else()
    {
        var queue = new EgressQueue(Redis);
        var claim = await ClaimAsync(queue,
            $$"""{"id":"job-2","encryption":{"mode":"aes_256","master_key":"{{MasterKey}}"},"retries":3}""");

        await queue.DeadLetterAsync(claim, "failed for good");

        var raw = (string)(await Database.ListGetByIndexAsync(EgressQueueKeys.Dead, 0))!;
        Assert.DoesNotContain(MasterKey, raw);
        var entry = JsonDocument.Parse((await SingleDeadRecordAsync()).GetProperty("entry").GetString()!).RootElement;
        Assert.Equal("aes_256", entry.GetProperty("encryption").GetProperty("mode").GetString());
        Assert.False(entry.GetProperty("encryption").TryGetProperty("master_key", out _));
        Assert.Equal(3, entry.GetProperty("retries").GetInt32());
    }

    [Fact]
    public async Task A_broken_entry_is_kept_only_up_to_2_KB_and_never_with_a_key()
    {
        var queue = new EgressQueue(Redis);
        var broken = $$"""{"id":"job-3","encryption":{"master_key":"{{MasterKey}}" """ + new string('x', 5000);
        var claim = await ClaimAsync(queue, broken);

        await queue.DeadLetterAsync(claim, "not JSON");

        var entry = (await SingleDeadRecordAsync()).GetProperty("entry").GetString()!;
        Assert.True(entry.Length <= 2048);
        Assert.DoesNotContain(MasterKey, entry);
        Assert.StartsWith("{\"id\":\"job-3\"", entry);
    }

    [Fact]
    public async Task A_dead_lettered_entry_no_longer_blocks_the_next_one()
    {
        var queue = new EgressQueue(Redis);
        var invalid = await ClaimAsync(queue, "garbage");
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "next");

        await queue.DeadLetterAsync(invalid, "not JSON");

        Assert.Equal("next", (await queue.ClaimAsync(TimeSpan.Zero))?.Entry);
    }
}
