using System.Text.Json.Nodes;
using MergeBus.LiveKit.Manifests;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Wire;

/// <summary>
/// LiveKit's EgressInfo carries the egress request, whose upload section can hold storage credentials: none of
/// them may reach what MergeBus keeps or writes.
/// </summary>
public class CredentialTests
{
    private const string AccessKey = "AKIAEXAMPLEKEY000001";
    private const string Secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    private static async Task<IReadOnlyList<LiveKitJs.SignedEvent>> EventsWithCredentialsAsync()
    {
        var room = StandupRoom.Describe();
        foreach (var egress in room["egresses"]!.AsArray())
            egress!["s3"] = new JsonObject { ["access_key"] = AccessKey, ["secret"] = Secret, ["bucket"] = "recordings" };
        return await LiveKitJs.EventsAsync(room);
    }

    [Fact]
    public async Task The_events_LiveKit_sends_do_carry_the_credentials_these_tests_look_for()
    {
        var events = await EventsWithCredentialsAsync();

        Assert.Contains(events, e => e.Body.Contains(Secret) && e.Body.Contains(AccessKey));
    }

    [Fact]
    public async Task An_event_written_for_keeping_holds_no_credential_and_reads_back_the_same()
    {
        foreach (var signed in await EventsWithCredentialsAsync())
        {
            var parsed = LiveKitJson.ParseEvent(signed.BodyBytes);

            var kept = LiveKitJson.Write(parsed);
            var reread = LiveKitJson.ParseEvent(System.Text.Encoding.UTF8.GetBytes(kept));

            Assert.DoesNotContain(Secret, kept);
            Assert.DoesNotContain(AccessKey, kept);
            Assert.Equal(parsed with { EgressInfo = null }, reread with { EgressInfo = null });
            if (parsed.EgressInfo is { } info)
            {
                Assert.Equal(info with { FileResults = [] }, reread.EgressInfo! with { FileResults = [] });
                Assert.Equal(info.FileResults, reread.EgressInfo!.FileResults);
            }
        }
    }

    [Fact]
    public async Task A_ListEgress_answer_written_for_keeping_holds_no_credential_and_reads_back_the_same()
    {
        var infos = (await EventsWithCredentialsAsync())
            .Where(e => e.Event == WebhookEventNames.EgressEnded)
            .Select(e => LiveKitJson.ParseEvent(e.BodyBytes).EgressInfo!)
            .ToList();

        var kept = LiveKitJson.WriteEgressList(infos);
        var reread = LiveKitJson.ParseEgressList(System.Text.Encoding.UTF8.GetBytes(kept));

        Assert.DoesNotContain(Secret, kept);
        Assert.Equal(infos.Select(i => i with { FileResults = [] }), reread.Select(i => i with { FileResults = [] }));
        Assert.Equal(infos.SelectMany(i => i.FileResults), reread.SelectMany(i => i.FileResults));
    }

    [Fact]
    public async Task The_manifest_of_a_session_whose_events_carried_credentials_holds_none()
    {
        var session = RoomSession.Fold((await EventsWithCredentialsAsync()).Select(e => LiveKitJson.ParseEvent(e.BodyBytes)));

        var built = LiveKitManifestBuilder.Build(session, new LiveKitManifestOptions());

        Assert.DoesNotContain(Secret, built.Json + string.Join('\n', built.Warnings));
        Assert.DoesNotContain(AccessKey, built.Json + string.Join('\n', built.Warnings));
    }
}
