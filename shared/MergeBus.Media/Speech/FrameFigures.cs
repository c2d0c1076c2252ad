using System.Runtime.InteropServices;

namespace MergeBus.Media.Speech;

/// <summary>One 10 ms frame's figures: samples packets covered, their mean square, their K-weighted energy.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
public readonly record struct FrameFigures(short Present, float Power, float Weighted);
