using System.Runtime.InteropServices;

namespace MergeBus.Media.Speech;

/// <summary>
/// One 10 ms frame's figures: samples packets covered, their mean square, their K-weighted energy as the delivered
/// file carries them (<see cref="Loudness.LoudnessView"/>), and as a mono stem carries them.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
public readonly record struct FrameFigures(short Present, float Power, float Weighted, float StemWeighted = 0);
