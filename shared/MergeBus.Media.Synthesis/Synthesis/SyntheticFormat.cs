namespace MergeBus.Media.Synthesis;

/// <summary>Container and codec of one synthetic participant file.</summary>
public enum SyntheticFormat
{
    /// <summary>48 kHz Opus in Ogg, DTX holes cut like LiveKit's writer when <see cref="SessionSynthesisOptions.Dtx"/> is on.</summary>
    OggOpus,

    /// <summary>16 kHz mono 16-bit WAV, continuous.</summary>
    Wav16kMono,

    /// <summary>48 kHz stereo Opus in WebM, continuous.</summary>
    WebmOpusStereo,
}
