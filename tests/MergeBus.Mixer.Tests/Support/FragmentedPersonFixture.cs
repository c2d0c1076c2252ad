using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>
/// A person who leaves and rejoins mid-word: "alice" is two manifest entries (two participant ids, two tracks).
/// Her first fragment covers mix time [0, 4.0) s and stops inside a word; she is back at 4.3 s, inside the same
/// word, until 9.0 s. "bob" is one entry. Continuous mono Ogg Opus, tones at their own pitch; mixed once,
/// per_participant, to WAV and Ogg Opus with stems.
/// </summary>
public sealed class FragmentedPersonFixture : IAsyncLifetime
{
    public const double FirstEnd = 4.0;
    public const double SecondStart = 4.3;
    public const double End = 9.0;
    public const double AliceHz = 520;
    public const double BobHz = 830;
    public const double Amplitude = 0.3;

    /// <summary>Alice's words in mix time (not on the index's 10 ms frames); the second is cut by her leaving at 4.0 s and heard again from 4.3 s.</summary>
    public static readonly (double Start, double End)[] AliceWords = [(0.8137, 1.5071), (3.5233, 4.6119), (5.5049, 6.2163)];

    public static readonly (double Start, double End)[] BobWords = [(2.0311, 2.8177), (7.0093, 7.6251)];

    private readonly TempFolder folder = new("fragments");

    public Mixed Mixed { get; private set; } = null!;

    public IReadOnlyDictionary<string, DecodedAudio> Stems { get; private set; } = null!;

    /// <summary>What of alice's words her fragments hold, in mix time.</summary>
    public static IEnumerable<(double Start, double End)> AliceHeard =>
        AliceWords.SelectMany(w => new[] { (w.Start, Math.Min(w.End, FirstEnd)), (Math.Max(w.Start, SecondStart), w.End) })
            .Where(w => w.Item2 > w.Item1 && !(w.Item1 >= FirstEnd && w.Item2 <= SecondStart));

    public async Task InitializeAsync()
    {
        var first = folder.File("alice-1.ogg");
        var second = folder.File("alice-2.ogg");
        var bob = folder.File("bob.ogg");
        await ToneFile.WriteOggOpusAsync(first, FirstEnd, [.. AliceWords.Select(w => (w.Start, w.End, AliceHz, Amplitude))]);
        await ToneFile.WriteOggOpusAsync(second, End - SecondStart, [.. AliceWords.Select(w => (w.Start - SecondStart, w.End - SecondStart, AliceHz, Amplitude))]);
        await ToneFile.WriteOggOpusAsync(bob, End, [.. BobWords.Select(w => (w.Start, w.End, BobHz, Amplitude))]);
        MixInput[] inputs =
        [
            new("PA_alice_1", first, 0, false) { Identity = "alice", TrackId = "TR_alice_1" },
            new("PA_bob", bob, 0, false) { Identity = "bob", TrackId = "TR_bob" },
            new("PA_alice_2", second, (long)Math.Round(SecondStart * 48000), false) { Identity = "alice", TrackId = "TR_alice_2" },
        ];
        var request = new MixRequest(inputs, MixLayouts.PerParticipant, [OutputFormats.WavPcm, OutputFormats.OggOpus], 48000, 2, folder.File("out"), "room_mix") { Stems = true };
        var result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
        Mixed = new Mixed(result, new Dictionary<string, DecodedAudio>
        {
            [OutputFormats.WavPcm] = await DecodedAudio.DecodeAsync(result.Outputs.Single(o => o.Format == OutputFormats.WavPcm).Path),
        });
        var stems = new Dictionary<string, DecodedAudio>();
        foreach (var stem in result.Stems)
        {
            stems[$"{stem.ParticipantIdentity}|{stem.Format}"] = await DecodedAudio.DecodeAsync(stem.Path);
        }

        Stems = stems;
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}
