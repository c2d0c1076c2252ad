using System.Globalization;
using System.Text.Json.Nodes;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>
/// The replica count KEDA asks for from a rabbitmq trigger in QueueLength mode, computed as KEDA does: the metric
/// is the queue's message count (http mode: the management API's `messages`, ready + unacknowledged); the HPA
/// KEDA creates targets an average of `value` per replica, so desired = ceil(metric / value); below or at
/// `activationValue` the scaler is inactive and KEDA scales to minReplicaCount; the result stays within
/// [minReplicaCount, maxReplicaCount] (and at least 1 while active).
/// </summary>
public sealed record KedaScaling(string Queue, string Protocol, double Value, double ActivationValue, int MinReplicas, int MaxReplicas)
{
    public static KedaScaling From(JsonObject scaledObject)
    {
        var spec = scaledObject["spec"]!;
        var trigger = spec["triggers"]!.AsArray().Single(t => (string)t!["type"]! == "rabbitmq")!;
        var metadata = trigger["metadata"]!;
        return new KedaScaling(
            (string)metadata["queueName"]!,
            (string)metadata["protocol"]!,
            double.Parse((string)metadata["value"]!, CultureInfo.InvariantCulture),
            double.Parse((string?)metadata["activationValue"] ?? "0", CultureInfo.InvariantCulture),
            spec["minReplicaCount"]?.GetValue<int>() ?? 0,
            spec["maxReplicaCount"]?.GetValue<int>() ?? 100);
    }

    public int DesiredReplicas(long messages)
    {
        if (messages <= ActivationValue) return MinReplicas;
        var desired = (int)Math.Ceiling(messages / Value);
        return Math.Clamp(Math.Max(desired, 1), Math.Max(MinReplicas, 1), MaxReplicas);
    }
}
