namespace MergeBus.Protocol.Mixing;

/// <summary>Non-audio artifacts written with every mix.</summary>
public static class ArtifactFormats
{
    /// <summary>speech.json: who spoke when, in mix time.</summary>
    public const string SpeechJson = "speech_json";
    public const string SpeechJsonFileName = "speech.json";
}
