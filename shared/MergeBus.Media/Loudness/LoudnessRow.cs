namespace MergeBus.Media.Loudness;

/// <summary>
/// One channel of a delivered file as a mix of an input's channels: output = Σ Coefficients[c] · input[c].
/// <paramref name="Copies"/> identical output channels carry it (a mono voice written to both channels of a stereo
/// mix is one row with two copies): BS.1770 sums channel energies, so each copy counts.
/// </summary>
public readonly record struct LoudnessRow(float[] Coefficients, int Copies);
