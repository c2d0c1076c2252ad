using MergeBus.Contracts;
using MergeBus.Media.Loudness;
using MergeBus.Protocol;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One gain from an input channel to an output channel.</summary>
internal readonly record struct Tap(int InputChannel, int OutputChannel, float Gain);

/// <summary>
/// Which input channel goes to which output channel, at what gain.
/// Pan law (layout "mix"): a mono input goes to BOTH output channels at unity gain (0 dB each, no −3 dB
/// centre pan), a stereo input maps L→L and R→R, and nobody is divided by the number of speakers: a lone
/// speaker keeps their level, and the limiter (not a gain cut) handles everyone talking at once.
/// Wherever one output channel must hold a stereo input as mono (per_participant, dual_channel_*, or a mono
/// mix), it takes (L+R)/2, so centred content keeps its level.
/// The unit is the person (<see cref="MixPeople"/>): all of a person's inputs go to the person's channel.
/// </summary>
internal sealed class ChannelRouting
{
    private ChannelRouting(int outputChannels, IReadOnlyList<Tap>[] taps, IReadOnlyList<ChannelAssignment> assignments, bool linked, bool dualMono,
        IReadOnlyList<LoudnessView> views)
    {
        Views = views;
        OutputChannels = outputChannels;
        Taps = taps;
        Assignments = assignments;
        LinkedLimiter = linked;
        DualMono = dualMono;
    }

    /// <summary>Channels of the finished files.</summary>
    public int OutputChannels { get; }

    /// <summary>
    /// A stereo room mix of mono inputs has identical channels: it is mixed, limited and Opus-coded once, as
    /// mono, and only widened to two channels at the outputs.
    /// </summary>
    public bool DualMono { get; }

    /// <summary>Channels mixed in C# and sent to the encoder.</summary>
    public int PipeChannels => DualMono ? 1 : OutputChannels;

    /// <summary>Per input, in input order.</summary>
    public IReadOnlyList<Tap>[] Taps { get; }

    public IReadOnlyList<ChannelAssignment> Assignments { get; }

    /// <summary>Per input: where it lands in the delivered file (all output channels, a dual-mono mix widened), for leveling.</summary>
    public IReadOnlyList<LoudnessView> Views { get; }

    /// <summary>A stem: one mono file, its own limiter.</summary>
    public static ChannelRouting MonoStem(float ceiling) => new(1, [], [], linked: false, dualMono: false, []) { LimiterCeiling = ceiling };

    /// <summary>A room mix keeps its stereo image (one gain for all channels); separate people get separate limiters.</summary>
    public bool LinkedLimiter { get; }

    /// <summary>The limiter's ceiling (linear sample peak); lower when leveling promises a true peak.</summary>
    public float LimiterCeiling { get; set; } = Limiter.LimitLinear;

    public static ChannelRouting Create(string layout, IReadOnlyList<MixInput> inputs, IReadOnlyList<int> inputChannels, int requestedChannels)
    {
        var people = MixPeople.Of(inputs);
        var person = people.PersonOf;
        int[] target; // per input: output channel, or -1 for "spread over a stereo/mono mix"
        int outputs;
        switch (layout)
        {
            case MixLayouts.Mix:
                outputs = requestedChannels == 1 ? 1 : 2;
                target = [.. inputs.Select(_ => -1)];
                break;
            case MixLayouts.PerParticipant:
                outputs = people.Count;
                target = [.. person];
                break;
            case MixLayouts.DualChannelAgent:
                // A person is on the agent side if any of their tracks is an agent's.
                outputs = 2;
                var agents = people.InputsOf.Select(ins => ins.Any(i => inputs[i].IsAgent)).ToArray();
                target = [.. person.Select(p => agents[p] ? 0 : 1)];
                break;
            case MixLayouts.DualChannelAlternate:
                outputs = 2;
                target = [.. person.Select(p => p % 2)];
                break;
            default:
                throw new PermanentMergeException($"unknown layout '{layout}' (expected {string.Join(", ", MixLayouts.All)})");
        }

        var dualMono = layout == MixLayouts.Mix && outputs == 2 && inputChannels.All(c => c == 1);
        var taps = new IReadOnlyList<Tap>[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            taps[i] = TapsFor(inputChannels[i], target[i], dualMono ? 1 : outputs);
        }

        var assignments = Enumerable.Range(0, outputs)
            .Select(channel =>
            {
                var on = Enumerable.Range(0, inputs.Count).Where(i => target[i] == channel || target[i] == -1).ToList();
                return new ChannelAssignment
                {
                    Channel = channel,
                    ParticipantIds = [.. on.Select(i => inputs[i].ParticipantId).Distinct(StringComparer.Ordinal)],
                    ParticipantIdentities = [.. on.Select(i => people.Keys[person[i]]).Distinct(StringComparer.Ordinal)],
                };
            })
            .ToList();
        var views = Enumerable.Range(0, inputs.Count).Select(i => ViewOf(TapsFor(inputChannels[i], target[i], outputs), inputChannels[i])).ToList();
        return new ChannelRouting(outputs, taps, assignments, linked: layout == MixLayouts.Mix, dualMono, views);
    }

    /// <summary>The input's rows in the delivered file: taps grouped by output channel, identical channels counted as copies.</summary>
    private static LoudnessView ViewOf(List<Tap> taps, int inputChannels)
    {
        var rows = new List<LoudnessRow>();
        foreach (var channel in taps.GroupBy(t => t.OutputChannel))
        {
            var coefficients = new float[inputChannels];
            foreach (var tap in channel)
            {
                coefficients[tap.InputChannel] += tap.Gain;
            }

            var same = rows.FindIndex(r => r.Coefficients.AsSpan().SequenceEqual(coefficients));
            if (same >= 0)
            {
                rows[same] = rows[same] with { Copies = rows[same].Copies + 1 };
            }
            else
            {
                rows.Add(new LoudnessRow(coefficients, 1));
            }
        }

        return new LoudnessView(rows);
    }

    private static List<Tap> TapsFor(int inputChannels, int target, int outputs)
    {
        if (target >= 0 || outputs == 1)
        {
            var channel = Math.Max(target, 0);
            return inputChannels == 1
                ? [new Tap(0, channel, 1f)]
                : [new Tap(0, channel, 0.5f), new Tap(1, channel, 0.5f)];
        }

        // Stereo room mix.
        return inputChannels == 1
            ? [new Tap(0, 0, 1f), new Tap(0, 1, 1f)]
            : [new Tap(0, 0, 1f), new Tap(1, 1, 1f)];
    }
}
