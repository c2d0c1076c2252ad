using System.Collections.Concurrent;
using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>
/// Speakers recorded at very different levels: three mono Opus talkers whose tone bursts read about −38, −26 and
/// −14 LUFS, and a fourth line that carries only background noise. Continuous Ogg (no DTX), so a participant's
/// file decodes on its own timeline and its recorded level can be measured by ffmpeg directly. Each
/// (layout, formats, loudness) is mixed once.
/// </summary>
public sealed class LevelingSessionFixture : IAsyncLifetime
{
    public static readonly double[] RecordedLufs = [-38, -26, -14];

    private readonly TempFolder folder = new("leveling");
    private readonly ConcurrentDictionary<string, Lazy<Task<Mixed>>> mixes = new();

    public SyntheticSession Session { get; private set; } = null!;

    /// <summary>Each talker's own file, decoded (its timeline starts at its join).</summary>
    public IReadOnlyDictionary<string, DecodedAudio> Recorded { get; private set; } = null!;

    public static SessionSynthesisOptions Options { get; } = new()
    {
        ParticipantCount = 4,
        NoiseOnlyParticipants = 1,
        NoiseRms = 0.003,
        DurationSeconds = 16,
        BurstSeconds = 0.6,
        Dtx = false,
        // A sine of amplitude A near 1 kHz reads about 20·log10(A) − 3 LUFS.
        ParticipantAmplitudes = [.. RecordedLufs.Select(l => Math.Pow(10, (l + 3.01) / 20))],
        Seed = 11,
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

    public IEnumerable<SyntheticParticipant> Talkers => Session.Participants.Take(RecordedLufs.Length);

    public SyntheticParticipant NoiseOnly => Session.Participants[^1];

    public IEnumerable<(double From, double To)> BurstsOf(string participantId, double shift = 0) =>
        Session.Bursts.Where(b => b.ParticipantId == participantId).Select(b => (b.StartSeconds - shift, b.EndSeconds - shift));

    public Task<Mixed> MixAsync(string layout, IReadOnlyList<string> formats, string loudness,
        double targetLufs = LoudnessOptions.DefaultTargetLufs, double maxGainDb = LoudnessOptions.DefaultMaxGainDb)
    {
        var key = $"{layout}|{string.Join(',', formats)}|{loudness}|{targetLufs}|{maxGainDb}";
        return mixes.GetOrAdd(key, _ => new Lazy<Task<Mixed>>(async () =>
        {
            var output = folder.File("out-" + Math.Abs(key.GetHashCode(StringComparison.Ordinal)));
            var request = SessionMixing.Request(Session, layout, formats, output) with
            {
                Loudness = new LoudnessOptions { Mode = loudness, TargetLufs = targetLufs, MaxGainDb = maxGainDb },
            };
            var result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
            var decoded = new Dictionary<string, DecodedAudio>();
            foreach (var file in result.Outputs)
            {
                decoded[file.Format] = await DecodedAudio.DecodeAsync(file.Path);
            }

            return new Mixed(result, decoded);
        })).Value;
    }
}
