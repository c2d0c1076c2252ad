using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Tests;

/// <summary>Damaged input fails permanently, with a one-line reason, and leaves no output behind.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("bad-input");
    private SyntheticSession session = null!;

    public async Task InitializeAsync() =>
        session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 4, Seed = 3 });

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_ogg_file_with_flipped_bytes_fails_permanently_and_leaves_no_output()
    {
        var bytes = await File.ReadAllBytesAsync(session.Participants[1].Path);
        bytes[bytes.Length / 2] ^= 0xFF;
        bytes[(bytes.Length / 2) + 1] ^= 0x55;

        await AssertFailsCleanlyAsync(bytes, "CRC");
    }

    [Fact]
    public async Task A_truncated_ogg_file_fails_permanently_and_leaves_no_output()
    {
        var bytes = await File.ReadAllBytesAsync(session.Participants[1].Path);

        await AssertFailsCleanlyAsync(bytes[..(bytes.Length * 2 / 3)], "truncated");
    }

    [Fact]
    public async Task A_file_that_is_not_audio_fails_permanently_and_leaves_no_output()
    {
        await AssertFailsCleanlyAsync("this is not audio at all\n"u8.ToArray(), "not a readable audio file");
    }

    [Fact]
    public async Task An_empty_file_fails_permanently_and_leaves_no_output()
    {
        await AssertFailsCleanlyAsync([], "not a readable audio file");
    }

    private async Task AssertFailsCleanlyAsync(byte[] damaged, string reason)
    {
        var path = folder.File($"damaged-{Guid.NewGuid():N}.ogg");
        await File.WriteAllBytesAsync(path, damaged);
        var output = folder.File($"out-{Guid.NewGuid():N}");
        var inputs = SessionMixing.Inputs(session);
        inputs[1] = inputs[1] with { LocalPath = path };

        var error = await Assert.ThrowsAsync<PermanentMergeException>(() =>
            new RoomMixBuilder().BuildAsync(new MixRequest(inputs, "mix", ["ogg_opus", "wav_pcm"], 48000, 2, output, "room_mix"), null, CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }
}
