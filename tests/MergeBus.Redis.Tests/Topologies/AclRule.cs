namespace MergeBus.Redis.Tests.Topologies;

/// <summary>
/// The ACL user shared/MergeBus.Redis/README.md documents: our keys only, and only the commands MergeBus sends
/// (its own and those inside its Lua scripts), plus what the client needs to connect.
/// </summary>
public static class AclRule
{
    public const string User = "mergebus";

    public const string Password = "mergebus-acl-pass";

    public static readonly string[] Standalone =
    [
        User, "on", ">" + Password, "resetkeys", "resetchannels",
        "~livekit:egress:merge:*", "~{livekit:egress:merge:queue}:*", "~mergebus:*", "~{mergebus:saga:*",
        "-@all", "+auth", "+hello", "+ping", "+echo", "+info", "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+script|load",
        "+eval", "+evalsha", "+blmove", "+get", "+set", "+setex", "+del", "+unlink", "+hmget", "+pttl", "+smembers", "+srem",
        "+lpop", "+rpush", "+lpush", "+lrem", "+ltrim", "+incr", "+time", "+zadd", "+zrem", "+zrangebyscore",
        "+hset", "+hget", "+hdel", "+exists", "+pexpire", "+persist", "+sadd",
    ];

    /// <summary>The same rule serves a Cluster: the client's slot-map reads are in it.</summary>
    public static readonly string[] Cluster = Standalone;
}
