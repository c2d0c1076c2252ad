namespace MergeBus.Mixer.Components.Mixing;

public sealed record MixOutput(string Format, string Path, long DurationMs, int ChannelCount, int SampleRate)
{
    /// <summary>Set on a stem: the person (<see cref="MixInput.PersonKey"/>) it holds.</summary>
    public string? ParticipantIdentity { get; init; }
}
