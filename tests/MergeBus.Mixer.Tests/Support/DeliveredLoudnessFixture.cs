using System.Collections.Concurrent;
using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>
/// Issue 21's check: three mono Opus talkers recorded at −34, −23 and −8 LUFS taking turns (tone bursts, no
/// overlap), continuous Ogg so each file decodes on its own timeline and its recorded level can be read by the
/// same meter. Each (layout, channels, loudness, stems) is mixed once to WAV and decoded (stems keyed by person).
/// </summary>
public sealed class DeliveredLoudnessFixture : IAsyncLifetime
{
    public static readonly double[] RecordedLufs = [-34, -23, -8];

    private readonly TempFolder folder = new("delivered");
    private readonly ConcurrentDictionary<string, Lazy<Task<Mixed>>> mixes = new();

    public SyntheticSession Session { get; private set; } = null!;

    /// <summary>Each talker's own file, decoded (its timeline starts at its join).</summary>
    public IReadOnlyDictionary<string, DecodedAudio> Recorded { get; private set; } = null!;

    public static SessionSynthesisOptions Options { get; } = new()
    {
        ParticipantCount = 3,
        DurationSeconds = 16,
        BurstSeconds = 0.6,
        Dtx = false,
        // Each pitch's amplitude from the K-weighting at that pitch, so each file reads its level by construction.
        ParticipantAmplitudes = [.. RecordedLufs.Select((l, p) => ToneLevels.AmplitudeForLufs(l, ToneLevels.FrequencyOf(p)))],
        Seed = 21,
    };

    public async Task InitializeAsync()
    {
        Session = await SessionSynthesizer.CreateAsync(folder.File("in"), Options);
        var recorded = new Dictionary<string, DecodedAudio>();
        foreach (var participant in Session.Participants)
        {
            recorded[participant.ParticipantId] = await DecodedAudio.DecodeAsync(participant.Path);
        }

        Recorded = recorded;
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A talker's turns in mix time (or, shifted by their join, in their own file's time).</summary>
    public IEnumerable<(double From, double To)> TurnsOf(string participantId, double shift = 0) =>
        Session.Bursts.Where(b => b.ParticipantId == participantId).Select(b => (b.StartSeconds - shift, b.EndSeconds - shift));

    public Task<Mixed> MixAsync(string layout, int channels, string loudness, bool stems = false)
    {
        var key = $"{layout}|{channels}|{loudness}|{stems}";
        return mixes.GetOrAdd(key, _ => new Lazy<Task<Mixed>>(async () =>
        {
            var output = folder.File("out-" + Math.Abs(key.GetHashCode(StringComparison.Ordinal)));
            var request = SessionMixing.Request(Session, layout, [OutputFormats.WavPcm], output, channelCount: channels) with
            {
                Loudness = new LoudnessOptions { Mode = loudness },
                Stems = stems,
            };
            var result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
            var decoded = new Dictionary<string, DecodedAudio> { [OutputFormats.WavPcm] = await DecodedAudio.DecodeAsync(result.Outputs[0].Path) };
            foreach (var stem in result.Stems)
            {
                decoded[stem.ParticipantIdentity!] = await DecodedAudio.DecodeAsync(stem.Path);
            }

            return new Mixed(result, decoded);
        })).Value;
    }
}
