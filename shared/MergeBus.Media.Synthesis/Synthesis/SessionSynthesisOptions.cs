namespace MergeBus.Media.Synthesis;

/// <summary>How to build a synthetic session. Times are seconds in the mix timeline (0 = earliest join).</summary>
public sealed record SessionSynthesisOptions
{
    public int ParticipantCount { get; init; } = 3;

    /// <summary>When everyone leaves. The mix may end a little earlier when DTX drops the trailing silence.</summary>
    public double DurationSeconds { get; init; } = 12;

    /// <summary>Join time per participant. Default: staggered at 0, 0.5137, 1.2711, 1.9303, ... (deliberately not 20 ms aligned).</summary>
    public IReadOnlyList<double>? JoinOffsetsSeconds { get; init; }

    /// <summary>Mean burst length; each burst varies ±30 % (seeded).</summary>
    public double BurstSeconds { get; init; } = 0.45;

    /// <summary>Mean silence between turns; varies ±30 % (seeded).</summary>
    public double GapSeconds { get; init; } = 0.35;

    /// <summary>Peak amplitude of every normal burst (a sine: RMS = amplitude/√2).</summary>
    public double Amplitude { get; init; } = 0.25;

    /// <summary>Cut DTX holes in Ogg Opus files: silent stretches keep one packet per 400 ms, leading silence none.</summary>
    public bool Dtx { get; init; } = true;

    /// <summary>Ogg Opus files in stereo (the same tone on both channels) instead of mono.</summary>
    public bool Stereo { get; init; }

    /// <summary>The first N participants get identities "agent-…".</summary>
    public int AgentCount { get; init; }

    /// <summary>The last participant joins at 60 % of the session (unless joins are given) and speaks the final burst.</summary>
    public bool LateJoinerTalksLast { get; init; }

    /// <summary>When set, every joined participant bursts at once here, at <see cref="ShoutAmplitude"/>.</summary>
    public double? ShoutAtSeconds { get; init; }

    public double ShoutSeconds { get; init; } = 1.0;

    public double ShoutAmplitude { get; init; } = 0.9;

    /// <summary>Per participant; missing entries are <see cref="SyntheticFormat.OggOpus"/>.</summary>
    public IReadOnlyList<SyntheticFormat>? Formats { get; init; }

    public int OpusBitrate { get; init; } = 32000;

    public int Seed { get; init; } = 1;

    public string RoomName { get; init; } = "synthetic-room";

    /// <summary>Output formats written into the manifest's "formats".</summary>
    public IReadOnlyList<string> ManifestFormats { get; init; } = ["ogg_opus"];

    public int ManifestSampleRate { get; init; } = 48000;

    public int ManifestChannelCount { get; init; } = 2;

    public string? DirectMixPath { get; init; }

    /// <summary>Peak amplitude of normal bursts per participant (recording levels differ); missing entries use <see cref="Amplitude"/>.</summary>
    public IReadOnlyList<double>? ParticipantAmplitudes { get; init; }

    /// <summary>The last N participants never speak: their files hold continuous white noise at <see cref="NoiseRms"/> (no DTX).</summary>
    public int NoiseOnlyParticipants { get; init; }

    /// <summary>RMS of the noise-only participants' noise.</summary>
    public double NoiseRms { get; init; } = 0.001;

    /// <summary>
    /// Every participant's file holds continuous noise at <see cref="DenseNoiseRms"/> under their bursts, from join to
    /// leave: no DTX hole anywhere, so a decoder and the mix work on every frame (the heaviest session of a length).
    /// </summary>
    public bool Dense { get; init; }

    /// <summary>RMS of the noise under a dense session's bursts (about -40 dBFS: audible room tone, far below speech).</summary>
    public double DenseNoiseRms { get; init; } = 0.01;
}
