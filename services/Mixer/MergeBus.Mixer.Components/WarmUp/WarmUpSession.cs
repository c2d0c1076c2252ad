using System.Security.Cryptography;
using MergeBus.Contracts;
using MergeBus.Media.Opus;
using MergeBus.Protocol.Mixing;
using MergeBus.Storage;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// A tiny two-person session for <see cref="MixerWarmUp"/>: two short tone files written in process by libopus into a
/// private store, and the plan a Fetcher would send for them. Two people, one starting later, so the mix places,
/// sums and limits as a real job does.
/// </summary>
internal static class WarmUpSession
{
    /// <summary>The job id the warm-up mixes under; it names nothing outside the warm-up's own folder.</summary>
    public const string JobId = "mixer-warm-up";

    private const int Rate = 48_000;
    private const double Seconds = 1.0;
    private const long SecondOffsetSamples = Rate / 4;

    public static async Task<MixTracks> CreateAsync(IObjectStorage store, string layout, LoudnessOptions loudness, bool stems,
        CancellationToken cancellationToken)
    {
        PlannedTrack[] tracks =
        [
            await PutToneAsync(store, "alice", 440, 0, cancellationToken),
            await PutToneAsync(store, "bob", 660, SecondOffsetSamples, cancellationToken),
        ];
        var timeline = tracks.Max(t => t.OffsetSamples + t.TimelineSamples);
        return new MixTracks
        {
            JobId = JobId,
            Attempt = 1,
            Try = 1,
            StagingPrefix = "staging",
            Plan = new MixPlan
            {
                ManifestPath = "session/manifest.json",
                RoomName = "warm-up",
                Layout = layout,
                Formats = [OutputFormats.OggOpus],
                SampleRate = Rate,
                ChannelCount = 1,
                OutputKeys = new Dictionary<string, string> { [OutputFormats.OggOpus] = "session/room_mix.ogg" },
                Tracks = tracks,
                TimelineSamples = timeline,
                Loudness = loudness.Mode,
                LoudnessTargetLufs = loudness.TargetLufs,
                LoudnessMaxGainDb = loudness.MaxGainDb,
                Stems = stems,
            },
        };
    }

    private static async Task<PlannedTrack> PutToneAsync(IObjectStorage store, string person, double frequencyHz, long offsetSamples,
        CancellationToken cancellationToken)
    {
        var bytes = ToneOggOpus(frequencyHz);
        var key = $"session/{person}.ogg";
        await store.PutAsync(key, new MemoryStream(bytes), cancellationToken);
        var samples = (long)(Seconds * Rate);
        return new PlannedTrack
        {
            ParticipantId = $"PA_{person}",
            ParticipantIdentity = person,
            TrackId = $"TR_{person}",
            StorageKey = key,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Size = bytes.Length,
            OffsetSamples = offsetSamples,
            TimelineSamples = samples,
            AudioRuns = [new AudioRun { StartSamples = 0, LengthSamples = samples }],
        };
    }

    /// <summary>A mono Ogg Opus file of one steady tone at −20 dBFS, encoded by libopus as the egress would.</summary>
    private static byte[] ToneOggOpus(double frequencyHz)
    {
        const int frame = OpusEncoder.FrameSamples;
        var frames = (int)(Seconds * Rate / frame);
        using var encoder = new OpusEncoder(1, 32_000);
        using var file = new MemoryStream();
        var writer = new OggOpusWriter(file, OggOpusWriter.MonoOrStereoHead(1, encoder.Lookahead, Rate), encoder.Lookahead);
        var pcm = new float[frame];
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        for (var f = 0; f < frames; f++)
        {
            for (var i = 0; i < frame; i++)
                pcm[i] = 0.1f * MathF.Sin((float)(2 * Math.PI * frequencyHz * (f * frame + i) / Rate));
            var length = encoder.Encode(pcm, packet);
            writer.Add(packet[..length], frame);
        }
        writer.Finish((long)frames * frame);
        return file.ToArray();
    }
}
