using MergeBus.Configuration.LiveKit;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.LiveKit.Settling;

/// <summary>
/// Walks the open LiveKit rooms every few seconds and settles each (<see cref="LiveKitRoomSettlement"/>) under a
/// per-room claim in Redis, so two Ingest replicas never settle one room at once. A failing room, or Redis being
/// away, is logged and tried on the next pass; it never stops the loop or the other rooms.
/// </summary>
public sealed class LiveKitRoomSettler(LiveKitRoomStore rooms, IServiceScopeFactory scopes, LiveKitSettings settings,
    ILogger<LiveKitRoomSettler> logger) : BackgroundService
{
    /// <summary>Longer than any pass over one room (hashing its files included); a pass that dies lets it lapse.</summary>
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(10);

    /// <summary>A quarter of settle_min, between 100 ms and 5 s.</summary>
    public TimeSpan Period { get; } = TimeSpan.FromTicks(Math.Clamp(settings.SettleMin.Ticks / 4,
        TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await PassAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over every open room.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> open;
        try
        {
            open = await rooms.OpenRoomsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("LiveKit rooms unavailable: {Reason}", OneLine(e));
            return;
        }
        foreach (var roomSid in open)
        {
            var token = Guid.NewGuid().ToString("N");
            try
            {
                if (!await rooms.TryClaimAsync(roomSid, token, ClaimLifetime, cancellationToken)) continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<LiveKitRoomSettlement>().SettleAsync(roomSid, cancellationToken);
                }
                finally
                {
                    await rooms.ReleaseAsync(roomSid, token);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("LiveKit room {RoomSid}: settle pass failed, tried again next pass: {Reason}", roomSid, OneLine(e));
            }
        }
    }

    private static string OneLine(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}";
}
