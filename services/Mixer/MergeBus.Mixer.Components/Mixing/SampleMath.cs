using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>The inner loops of the mix, without per-sample bounds checks or calls.</summary>
internal static class SampleMath
{
    /// <summary>
    /// destination[f·outWidth + outChannel] += source[f·inWidth + inChannel] · gain for every frame f.
    /// Contiguous mono to mono (the usual room mix) runs on SIMD vectors.
    /// </summary>
    // Vector<T> code is never precompiled (ReadyToRun): without this every fresh process ran it at tier 0, then OSR,
    // then tier 1 during its first mix.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddStrided(ReadOnlySpan<float> source, int inWidth, int inChannel, Span<float> destination, int outWidth, int outChannel, float gain)
    {
        var frames = Math.Min(source.Length / inWidth, destination.Length / outWidth);
        if (frames == 0)
        {
            return;
        }

        ref var src = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), inChannel);
        ref var dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), outChannel);
        var f = 0;
        if (inWidth == 1 && outWidth == 1 && Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var scale = new Vector<float>(gain);
            for (; f <= frames - width; f += width)
            {
                var sum = Vector.LoadUnsafe(ref dst, (nuint)f) + (Vector.LoadUnsafe(ref src, (nuint)f) * scale);
                sum.StoreUnsafe(ref dst, (nuint)f);
            }
        }

        for (; f < frames; f++)
        {
            Unsafe.Add(ref dst, f * outWidth) += Unsafe.Add(ref src, f * inWidth) * gain;
        }
    }
}
