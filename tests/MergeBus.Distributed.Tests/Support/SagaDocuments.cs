using System.Text.Json.Nodes;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Distributed.Tests.Support;

/// <summary>Reads the merge saga straight from its Redis hash, as an operator with redis-cli would.</summary>
public static class SagaDocuments
{
    public static async Task<JsonObject?> ReadAsync(Deployment deployment, string jobId)
    {
        var key = $"{{mergebus:saga:MergeJobState}}:{JobCorrelation.FromJobId(jobId):D}";
        var data = await deployment.Redis.HashGetAsync(key, "data");
        return data.IsNullOrEmpty ? null : JsonNode.Parse((string)data!)!.AsObject();
    }

    public static async Task WaitForStateAsync(Deployment deployment, string jobId, string state, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((string?)(await ReadAsync(deployment, jobId))?["CurrentState"] == state) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"job {jobId} never reached {state}\n{deployment.Logs()}");
    }
}
