using System.Globalization;
using MergeBus.Ingest.Components.History;
using Microsoft.AspNetCore.Http;

namespace MergeBus.Ingest.Components.Api;

/// <summary>GET /jobs's query string, checked field by field: the first bad one becomes a 400 naming it.</summary>
public static class JobQueryParser
{
    public static (JobQuery? Query, IResult? Problem) Parse(IQueryCollection q)
    {
        string? Text(string key) => q[key].ToString() is { Length: > 0 } v ? v : null;
        var state = Text("state");
        if (state is not null)
        {
            var known = JobStates.All.FirstOrDefault(s => s.Equals(state, StringComparison.OrdinalIgnoreCase));
            if (known is null) return (null, Problems.BadRequest("state", $"state must be one of {string.Join(", ", JobStates.All)}"));
            state = known;
        }
        DateTimeOffset? since = null, until = null;
        if (Text("since") is { } sinceText && !TryTime(sinceText, out since))
            return (null, Problems.BadRequest("since", "since must be an ISO 8601 time (2026-12-02T10:00:00Z) or Unix seconds"));
        if (Text("until") is { } untilText && !TryTime(untilText, out until))
            return (null, Problems.BadRequest("until", "until must be an ISO 8601 time (2026-12-02T10:00:00Z) or Unix seconds"));
        var limit = JobQuery.DefaultLimit;
        if (Text("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > JobQuery.MaxLimit))
            return (null, Problems.BadRequest("limit", $"limit must be a whole number from 1 to {JobQuery.MaxLimit}"));
        string? after = null;
        if (Text("cursor") is { } cursor && !JobCursor.TryDecode(cursor, out after!))
            return (null, Problems.BadRequest("cursor", "cursor must be a next_cursor value from an earlier page"));
        return (new JobQuery
        {
            State = state,
            Room = Text("room"),
            Session = Text("session"),
            Since = since,
            Until = until,
            Error = Text("error"),
            Limit = limit,
            After = after,
        }, null);
    }

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static bool TryTime(string text, out DateTimeOffset? value)
    {
        value = null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            // Past year 9999 is no time at all (and would throw): a 400 naming the field, not a 500.
            if (seconds > MaxUnixSeconds) return false;
            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }
}
