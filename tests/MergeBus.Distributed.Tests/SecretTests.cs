using System.Security.Cryptography;
using MergeBus.Distributed.Tests.Support;
using StackExchange.Redis;

namespace MergeBus.Distributed.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SecretTests(Cluster cluster)
{
    [Fact]
    public async Task A_master_key_carried_only_in_the_job_never_reaches_redis_logs_or_messages()
    {
        await using var deployment = await cluster.NewDeploymentAsync("secret");
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var base64 = Convert.ToBase64String(masterKey);
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(400, 5), masterKey);
        await using var capture = await MessageCapture.StartAsync(deployment);
        await deployment.StartAllAsync("mixer-a");
        await capture.BindExistingAsync(deployment);

        var (id, _) = await deployment.EnqueueAsync(session, base64);
        await deployment.WaitForCompletionAsync([id], TimeSpan.FromSeconds(120));

        var mix = await MixVerifier.MeasureAsync(deployment, session, masterKey);
        MixVerifier.AssertFaithful(mix, session);
        var forms = new[] { base64, Convert.ToHexString(masterKey), Convert.ToHexStringLower(masterKey), base64.TrimEnd('=') };
        var redisText = await DumpRedisAsync(deployment);
        var messages = await capture.DrainAsync();
        Assert.Contains(messages, m => m.Contains(id));
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, redisText);
            Assert.All(deployment.Services, s => Assert.DoesNotContain(form, s.Output));
            Assert.All(messages, m => Assert.DoesNotContain(form, m));
        }
    }

    /// <summary>Every key of the deployment's database with its value, whatever its type.</summary>
    private static async Task<string> DumpRedisAsync(Deployment deployment)
    {
        var server = deployment.Connection.GetServer(deployment.Cluster.Redis.Address);
        var db = deployment.Redis;
        var text = new System.Text.StringBuilder();
        foreach (var key in server.Keys(deployment.Database, "*", 1000))
        {
            text.Append(key).Append(" = ");
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String: text.Append(await db.StringGetAsync(key)); break;
                case RedisType.Hash: foreach (var e in await db.HashGetAllAsync(key)) text.Append(e.Name).Append(':').Append(e.Value).Append(' '); break;
                case RedisType.List: foreach (var v in await db.ListRangeAsync(key)) text.Append(v).Append(' '); break;
                case RedisType.Set: foreach (var v in await db.SetMembersAsync(key)) text.Append(v).Append(' '); break;
                case RedisType.SortedSet: foreach (var v in await db.SortedSetRangeByRankAsync(key)) text.Append(v).Append(' '); break;
            }
            text.AppendLine();
        }
        Assert.Contains("livekit:egress:merge:status:", text.ToString());
        return text.ToString();
    }
}
