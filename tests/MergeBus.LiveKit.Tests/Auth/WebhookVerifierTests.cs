using System.Text;
using MergeBus.LiveKit.Auth;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Auth;

public class WebhookVerifierTests
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        [StandupRoom.ApiKey] = StandupRoom.ApiSecret,
        ["APIother"] = "other-secret-abcdefabcdefabcdef",
    };

    private static async Task<LiveKitJs.SignedEvent> SignedBy(params string[] faults) =>
        (await LiveKitJs.EventsAsync(StandupRoom.Describe(), faults))[^1];

    [Fact]
    public async Task A_webhook_signed_by_LiveKits_SDK_is_accepted_with_its_api_key()
    {
        var e = await SignedBy();

        var verdict = WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, DateTimeOffset.UtcNow);

        Assert.True(verdict.Ok, verdict.Reason);
        Assert.Equal(StandupRoom.ApiKey, verdict.ApiKey);
    }

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_refused_as_a_bad_signature()
    {
        var e = await SignedBy("--wrong-secret");

        var verdict = WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, DateTimeOffset.UtcNow);

        Assert.Equal((false, WebhookRejections.BadSignature), (verdict.Ok, verdict.Reason));
    }

    [Fact]
    public async Task An_expired_webhook_token_is_refused_as_expired()
    {
        var e = await SignedBy("--expired");

        var verdict = WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, DateTimeOffset.UtcNow);

        Assert.Equal((false, WebhookRejections.ExpiredToken), (verdict.Ok, verdict.Reason));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_as_a_body_hash_mismatch()
    {
        var e = await SignedBy("--altered-body");

        var verdict = WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, DateTimeOffset.UtcNow);

        Assert.Equal((false, WebhookRejections.BodyHashMismatch), (verdict.Ok, verdict.Reason));
    }

    [Fact]
    public async Task A_token_within_the_allowed_clock_skew_is_accepted_and_beyond_it_is_refused()
    {
        var e = await SignedBy();
        // LiveKit's tokens last 5 minutes; our clock may run up to a minute ahead of LiveKit's.
        var justInside = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5) + WebhookVerifier.ClockSkew - TimeSpan.FromSeconds(5);
        var outside = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5) + WebhookVerifier.ClockSkew + TimeSpan.FromSeconds(5);

        Assert.True(WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, justInside).Ok);
        Assert.Equal(WebhookRejections.ExpiredToken, WebhookVerifier.Verify(e.Authorization, e.BodyBytes, Keys, outside).Reason);
    }

    [Fact]
    public void A_token_from_the_future_is_refused_as_not_yet_valid()
    {
        var body = """{"event":"room_finished","id":"EV_1"}"""u8.ToArray();
        var issued = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, StandupRoom.ApiSecret, issued, TimeSpan.FromMinutes(5),
            sha256: LiveKitAccessToken.BodyHash(body));

        var verdict = WebhookVerifier.Verify(token, body, Keys, DateTimeOffset.UtcNow);

        Assert.Equal(WebhookRejections.NotYetValid, verdict.Reason);
    }

    [Theory]
    [InlineData(null, WebhookRejections.MissingToken)]
    [InlineData("", WebhookRejections.MissingToken)]
    [InlineData("Bearer ", WebhookRejections.MissingToken)]
    [InlineData("not-a-jwt", WebhookRejections.MalformedToken)]
    [InlineData("a.b.c", WebhookRejections.MalformedToken)]
    public void A_missing_or_malformed_token_is_refused_naming_why(string? header, string reason)
    {
        var verdict = WebhookVerifier.Verify(header, "{}"u8, Keys, DateTimeOffset.UtcNow);

        Assert.Equal((false, reason), (verdict.Ok, verdict.Reason));
    }

    [Fact]
    public async Task A_token_from_an_api_key_we_do_not_hold_is_refused_as_an_unknown_api_key()
    {
        var e = await SignedBy();
        var others = new Dictionary<string, string> { ["APIother"] = "other-secret-abcdefabcdefabcdef" };

        var verdict = WebhookVerifier.Verify(e.Authorization, e.BodyBytes, others, DateTimeOffset.UtcNow);

        Assert.Equal(WebhookRejections.UnknownApiKey, verdict.Reason);
    }

    [Fact]
    public void A_token_with_alg_none_is_refused_even_when_it_names_a_known_key()
    {
        var body = "{}"u8.ToArray();
        var header = Convert.ToBase64String("""{"alg":"none"}"""u8).TrimEnd('=');
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $$"""{"iss":"{{StandupRoom.ApiKey}}","exp":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60}},"sha256":"{{LiveKitAccessToken.BodyHash(body)}}"}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var verdict = WebhookVerifier.Verify($"{header}.{payload}.", body, Keys, DateTimeOffset.UtcNow);

        Assert.False(verdict.Ok);
    }

    [Fact]
    public async Task A_bearer_prefixed_header_is_accepted_like_the_bare_token()
    {
        var e = await SignedBy();

        Assert.True(WebhookVerifier.Verify("Bearer " + e.Authorization, e.BodyBytes, Keys, DateTimeOffset.UtcNow).Ok);
    }

    [Fact]
    public async Task A_webhook_signed_by_MergeBus_is_accepted_by_LiveKits_own_WebhookReceiver()
    {
        var body = (await StandupEvents.SignedAsync())[^1].Body;
        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, StandupRoom.ApiSecret, DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(5), sha256: LiveKitAccessToken.BodyHash(Encoding.UTF8.GetBytes(body)));

        var verdict = await LiveKitJs.VerifyAsync(StandupRoom.ApiKey, StandupRoom.ApiSecret, body, token);

        Assert.True(verdict.Ok, verdict.Error);
        Assert.Equal("room_finished", verdict.Event);
    }

    [Fact]
    public async Task LiveKits_own_WebhookReceiver_refuses_a_MergeBus_signature_made_with_another_secret()
    {
        var body = (await StandupEvents.SignedAsync())[^1].Body;
        var token = LiveKitAccessToken.Create(StandupRoom.ApiKey, "some-other-secret-0123456789", DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(5), sha256: LiveKitAccessToken.BodyHash(Encoding.UTF8.GetBytes(body)));

        var verdict = await LiveKitJs.VerifyAsync(StandupRoom.ApiKey, StandupRoom.ApiSecret, body, token);

        Assert.False(verdict.Ok);
    }
}
