using System.Collections.Concurrent;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>
/// One 14 s session shared by a test class: three mono Opus speakers (the first an agent) with staggered,
/// non-20-ms-aligned joins, DTX holes, everyone shouting at 9 s, and a late joiner who speaks last.
/// Each (layout, formats, rate, channels) is mixed once and decoded once.
/// </summary>
public sealed class SyntheticSessionFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new("session");
    private readonly ConcurrentDictionary<string, Lazy<Task<Mixed>>> mixes = new();

    public SyntheticSession Session { get; private set; } = null!;

    public static SessionSynthesisOptions Options { get; } = new()
    {
        ParticipantCount = 3,
        DurationSeconds = 14,
        AgentCount = 1,
        ShoutAtSeconds = 9,
        ShoutSeconds = 1,
        LateJoinerTalksLast = true,
        Seed = 7,
    };

    public async Task InitializeAsync() =>
        Session = await SessionSynthesizer.CreateAsync(folder.File("in"), Options);

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    public Task<Mixed> MixAsync(string layout, IReadOnlyList<string> formats, int sampleRate = 48000, int channelCount = 2)
    {
        var key = $"{layout}|{string.Join(',', formats)}|{sampleRate}|{channelCount}";
        return mixes.GetOrAdd(key, _ => new Lazy<Task<Mixed>>(() => RunAsync(key, layout, formats, sampleRate, channelCount))).Value;
    }

    private async Task<Mixed> RunAsync(string key, string layout, IReadOnlyList<string> formats, int sampleRate, int channelCount)
    {
        var output = folder.File("out-" + Math.Abs(key.GetHashCode(StringComparison.Ordinal)));
        var result = await new RoomMixBuilder().BuildAsync(SessionMixing.Request(Session, layout, formats, output, sampleRate, channelCount), null, CancellationToken.None);
        var decoded = new Dictionary<string, DecodedAudio>();
        foreach (var file in result.Outputs)
        {
            decoded[file.Format] = await DecodedAudio.DecodeAsync(file.Path);
        }

        return new Mixed(result, decoded);
    }
}

public sealed record Mixed(MixResult Result, IReadOnlyDictionary<string, DecodedAudio> Decoded);
