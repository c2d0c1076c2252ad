using System.Text.Json.Serialization;

namespace MergeBus.Protocol.Jobs;

/// <summary>The source-generated serializer <see cref="JobJson"/> reads and writes <see cref="MergeJob"/> with.</summary>
[JsonSerializable(typeof(MergeJob))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
