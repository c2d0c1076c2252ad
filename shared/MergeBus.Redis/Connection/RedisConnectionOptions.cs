using System.Text;

namespace MergeBus.Redis.Connection;

/// <summary>
/// The <c>redis:</c> section of the egress configuration (spec §5), as the old worker read it.
/// </summary>
public sealed record RedisConnectionOptions
{
    /// <summary>host:port, e.g. "redis:6379". Unused when Sentinel or Cluster addresses are set.</summary>
    public string Address { get; init; } = "localhost:6379";

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    public int Db { get; init; }

    public bool UseTls { get; init; }

    public string SentinelMasterName { get; init; } = "";

    public IReadOnlyList<string> SentinelAddresses { get; init; } = [];

    public IReadOnlyList<string> ClusterAddresses { get; init; } = [];

    /// <summary>Where the servers are, for logs: the address, the sentinels and master name, or the cluster nodes.</summary>
    public string Topology =>
        SentinelAddresses.Count > 0 ? $"sentinel {SentinelMasterName} via {string.Join(",", SentinelAddresses)}"
        : ClusterAddresses.Count > 0 ? $"cluster {string.Join(",", ClusterAddresses)}"
        : Address;

    /// <summary>The generated record printer would print the password; this one never does.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Address = {Address}, Username = {Username}, Password = {(Password.Length > 0 ? "***" : "")}, ");
        builder.Append($"Db = {Db}, UseTls = {UseTls}, SentinelMasterName = {SentinelMasterName}, ");
        builder.Append($"SentinelAddresses = [{string.Join(", ", SentinelAddresses)}], ClusterAddresses = [{string.Join(", ", ClusterAddresses)}]");
        return true;
    }
}
