using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// A message through the bus's own envelope serializer and back, in process: what the transport does to a job's
/// command when it arrives and to its outcome when it leaves. The warm-up's JSON alone skips the envelope.
/// </summary>
internal static class MessageWarmUp
{
    public static void RoundTrip<T>(T message) where T : class
    {
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var body = serializer.GetMessageBody(new MessageSendContext<T>(message));
        var received = serializer.Deserialize(new BytesMessageBody(body.GetBytes()), EmptyHeaders.Instance);
        if (!received.TryGetMessage<T>(out _))
            throw new InvalidOperationException($"the bus's serializer did not read back a {typeof(T).Name}");
    }
}
