using MergeBus.LiveKit.Wire;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Support;

/// <summary>The standup room's webhooks as LiveKit's JS packages make and sign them; made once per test run.</summary>
internal static class StandupEvents
{
    private static readonly Lazy<Task<IReadOnlyList<LiveKitJs.SignedEvent>>> Signed =
        new(() => LiveKitJs.EventsAsync(StandupRoom.Describe()));

    public static Task<IReadOnlyList<LiveKitJs.SignedEvent>> SignedAsync() => Signed.Value;

    public static async Task<IReadOnlyList<WebhookEvent>> ParsedAsync() =>
        (await SignedAsync()).Select(e => LiveKitJson.ParseEvent(e.BodyBytes)).ToList();
}
