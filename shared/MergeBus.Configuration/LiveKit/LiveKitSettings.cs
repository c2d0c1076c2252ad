namespace MergeBus.Configuration.LiveKit;

/// <summary>
/// The stock LiveKit webhook intake (<c>POST /livekit/webhook</c>): the key pairs that sign LiveKit's webhooks and
/// ListEgress calls, how long a finished room settles, where LiveKit's API is and where the manifest goes.
/// Holds API secrets: <see cref="ToString"/> names the keys only.
/// </summary>
public sealed record LiveKitSettings
{
    /// <summary><c>mergebus.limits.max_livekit_events_per_room</c> default.</summary>
    public const int DefaultMaxEventsPerRoom = 5000;

    /// <summary>API key → API secret: the egress YAML's own <c>api_key</c>/<c>api_secret</c> plus <c>mergebus.livekit.keys</c>.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A finished room waits at least this long after room_finished (late webhooks still come in).</summary>
    public TimeSpan SettleMin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After this long past room_finished, egresses not yet ended are looked up with ListEgress.</summary>
    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>LiveKit's API (https), for ListEgress; null when neither <c>mergebus.livekit.url</c> nor <c>ws_url</c> is set.</summary>
    public Uri? Url { get; init; }

    /// <summary>Manifest key template with <c>{room_name}</c>, <c>{room_id}</c>; null: beside the recordings.</summary>
    public string? ManifestPath { get; init; }

    /// <summary><c>mergebus.limits.max_livekit_events_per_room</c>: events stored per room; past it the room fails.</summary>
    public int MaxEventsPerRoom { get; init; } = DefaultMaxEventsPerRoom;

    /// <summary>The API key of the egress YAML's own pair (signs ListEgress), or the first extra one.</summary>
    public string? LookupKey { get; init; }

    public bool Enabled => Keys.Count > 0;

    /// <summary>Safe for logs: key names, never secrets.</summary>
    public override string ToString() =>
        Enabled
            ? $"livekit intake: {Keys.Count} key(s) ({string.Join(", ", Keys.Keys)}), settle {SettleMin.TotalSeconds:0.###}s..{SettleAfter.TotalSeconds:0.###}s, api {Url?.ToString() ?? "none"}"
            : "livekit intake: no keys";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(ToString());
        return true;
    }
}
