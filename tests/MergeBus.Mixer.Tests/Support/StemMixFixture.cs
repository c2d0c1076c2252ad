using MergeBus.Media.Analysis;
using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>The <see cref="SyntheticSessionFixture"/> session mixed once as a stereo room mix with stems, WAV and Ogg Opus, every file decoded.</summary>
public sealed class StemMixFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new("stems");

    public SyntheticSession Session { get; private set; } = null!;

    public MixResult Result { get; private set; } = null!;

    /// <summary>By path: the mix outputs and the stems.</summary>
    public IReadOnlyDictionary<string, DecodedAudio> Decoded { get; private set; } = null!;

    public string OutputDirectory => folder.File("out");

    public async Task InitializeAsync()
    {
        Session = await SessionSynthesizer.CreateAsync(folder.File("in"), SyntheticSessionFixture.Options);
        var request = SessionMixing.Request(Session, MixLayouts.Mix, [OutputFormats.WavPcm, OutputFormats.OggOpus], OutputDirectory) with { Stems = true };
        Result = await new RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
        var decoded = new Dictionary<string, DecodedAudio>();
        foreach (var file in Result.Outputs.Concat(Result.Stems))
        {
            decoded[file.Path] = await DecodedAudio.DecodeAsync(file.Path);
        }

        Decoded = decoded;
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}
