using System.Text.Json;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Queue;

/// <summary>Entries an attacker or a broken upstream could push: none may reach .NET whole, nor keep a key.</summary>
public sealed class HostileEntryTests(RedisFixture fixture) : RedisTest(fixture)
{
    private const string MasterKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private async Task<JsonElement> SingleDeadRecordAsync()
    {
        var dead = await Database.ListRangeAsync(EgressQueueKeys.Dead);
        return JsonDocument.Parse((string)Assert.Single(dead)!).RootElement;
    }

    [Fact]
    public async Task An_entry_over_64_KiB_is_dead_listed_by_the_claim_script_and_the_next_entry_is_claimed()
    {
        var queue = new EgressQueue(Redis);
        var huge = $$"""{"id":"{{new string('a', 100_000)}}","manifest_path":"r/s/manifest.json"}""";
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, huge);
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "next");

        var claim = await queue.ClaimAsync(TimeSpan.Zero);

        Assert.Equal("next", claim?.Entry);
        var record = await SingleDeadRecordAsync();
        Assert.Equal($"queue entry is {huge.Length} bytes; the limit is 65536 (mergebus.limits.max_queue_entry_bytes)",
            record.GetProperty("reason").GetString());
        Assert.True(record.GetProperty("entry").GetString()!.Length <= 2048);
        Assert.StartsWith("{\"id\":\"aaa", record.GetProperty("entry").GetString());
        Assert.True(record.GetProperty("at").GetInt64() > 1_700_000_000_000_000_000);
        Assert.Equal(1, await Database.ListLengthAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task An_oversized_entry_keeps_no_master_key_in_its_dead_record()
    {
        var queue = new EgressQueue(Redis);
        var huge = $$"""{"encryption":{"master_key":"{{MasterKey}}"},"id":"{{new string('a', 100_000)}}"}""";
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, huge);

        Assert.Null(await queue.ClaimAsync(TimeSpan.Zero));

        var raw = (string)(await Database.ListGetByIndexAsync(EgressQueueKeys.Dead, 0))!;
        Assert.DoesNotContain(MasterKey, raw);
        Assert.Contains("<removed>", raw);
        Assert.Equal(0, await Database.ListLengthAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task An_entry_with_its_master_key_written_twice_is_dead_listed_without_either_key()
    {
        var queue = new EgressQueue(Redis);
        var entry = $$$"""{"id":"dup","encryption":{"master_key":"{{{MasterKey}}}","master_key":"not-base64!"}}""";
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, entry);
        var claim = (await queue.ClaimAsync(TimeSpan.Zero))!;

        Assert.True(await queue.DeadLetterAsync(claim, "invalid master_key"));

        var raw = (string)(await Database.ListGetByIndexAsync(EgressQueueKeys.Dead, 0))!;
        Assert.DoesNotContain(MasterKey, raw);
        Assert.DoesNotContain("not-base64!", raw);
        Assert.Equal(0, await Database.ListLengthAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task A_valid_json_entry_is_kept_only_up_to_2_KB_on_the_dead_list()
    {
        var queue = new EgressQueue(Redis);
        var entry = $$"""{"id":"long","manifest_path":"{{new string('p', 10_000)}}"}""";
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, entry);
        var claim = (await queue.ClaimAsync(TimeSpan.Zero))!;

        await queue.DeadLetterAsync(claim, "manifest_path is too long");

        var kept = (await SingleDeadRecordAsync()).GetProperty("entry").GetString()!;
        Assert.Equal(2048, kept.Length);
        Assert.StartsWith("{\"id\":\"long\"", kept);
    }

    [Fact]
    public async Task The_dead_list_keeps_only_its_newest_records_up_to_its_limit()
    {
        var queue = new EgressQueue(Redis, new EgressQueueOptions { MaxDeadEntries = 3 });
        for (var i = 0; i < 5; i++)
        {
            await Database.ListRightPushAsync(EgressQueueKeys.Queue, $"bad-{i}");
            await queue.DeadLetterAsync((await queue.ClaimAsync(TimeSpan.Zero))!, "not JSON");
        }

        var entries = (await Database.ListRangeAsync(EgressQueueKeys.Dead))
            .Select(r => JsonDocument.Parse((string)r!).RootElement.GetProperty("entry").GetString()).ToList();
        Assert.Equal(["bad-2", "bad-3", "bad-4"], entries);
    }
}
