namespace MergeBus.Mixer.Components.Mixing;

public sealed record MixOutput(string Format, string Path, long DurationMs, int ChannelCount, int SampleRate);
