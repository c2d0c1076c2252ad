using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MergeBus.LiveKit.Auth;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Sessions;

/// <summary>The lookup path against the Twirp ListEgress stand-in built on LiveKit's own protocol types and token verifier.</summary>
public sealed class ListEgressLookupTests : IDisposable
{
    private readonly string _roomFile = Path.Combine(Path.GetTempPath(), $"livekit-room-{Guid.NewGuid():N}.json");

    public ListEgressLookupTests() => File.WriteAllText(_roomFile, StandupRoom.Describe().ToJsonString());

    public void Dispose() => File.Delete(_roomFile);

    private static async Task<HttpResponseMessage> ListEgress(LiveKitJs.TwirpEgress twirp, string token)
    {
        using var http = new HttpClient { BaseAddress = twirp.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "twirp/livekit.Egress/ListEgress")
        {
            Content = new StringContent($$"""{"roomName":"{{StandupRoom.RoomName}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_session_missing_an_egress_end_is_ready_after_LiveKits_ListEgress_answer_is_applied()
    {
        using var twirp = await LiveKitJs.StartTwirpEgressAsync(_roomFile, StandupRoom.ApiKey, StandupRoom.ApiSecret);
        var events = await StandupEvents.ParsedAsync();
        var session = RoomSession.Fold(events.Where(e => !(e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_alice2")));
        var finished = session.FinishedAt!.Value;
        Assert.Equal(SessionState.NeedsLookup, session.Evaluate(finished + TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(2)).State);

        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, StandupRoom.ApiSecret, DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(1), new VideoGrant { RoomRecord = true });
        using var response = await ListEgress(twirp, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        session.ApplyLookup(LiveKitJson.ParseEgressList(await response.Content.ReadAsByteArrayAsync()));

        Assert.Equal(SessionState.Ready, session.Evaluate(finished + TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(2)).State);
        Assert.Equal(StandupRoom.RoomName, (string?)(await twirp.WaitForRequestsAsync(1)).Single()["request"]!["roomName"]);
    }

    [Fact]
    public async Task The_stand_in_refuses_a_token_signed_with_another_secret()
    {
        using var twirp = await LiveKitJs.StartTwirpEgressAsync(_roomFile, StandupRoom.ApiKey, StandupRoom.ApiSecret);
        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, "not-the-secret-0123456789", DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(1), new VideoGrant { RoomRecord = true });

        using var response = await ListEgress(twirp, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_stand_in_refuses_a_token_without_the_roomRecord_grant()
    {
        using var twirp = await LiveKitJs.StartTwirpEgressAsync(_roomFile, StandupRoom.ApiKey, StandupRoom.ApiSecret);
        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, StandupRoom.ApiSecret, DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(1), new VideoGrant { RoomList = true });

        using var response = await ListEgress(twirp, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
