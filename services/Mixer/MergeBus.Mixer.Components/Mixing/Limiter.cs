namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Look-ahead peak limiter at ≈ −1 dBFS (or a given ceiling) with its latency compensated: nothing moves in time,
/// and no sample leaves above the ceiling. Per lane (all channels linked, or each channel alone): the gain a sample needs
/// is t = min(1, limit / |x|); its minimum over the next 5 ms (sliding window) starts the attack early enough,
/// recovers with a 50 ms release, and a 5 ms moving average smooths it. Every gain in the average is at most the
/// t of the sample it lands on, so the ceiling holds exactly; below the ceiling the gain is exactly 1.
/// </summary>
internal sealed class Limiter
{
    /// <summary>≈ −1 dBFS: headroom for lossy codecs, whose decoded peaks overshoot the input a little.</summary>
    public const float LimitLinear = 0.891f;

    /// <summary>
    /// ≈ −2 dBFS sample peak, used when speakers are leveled: the sample-peak ceiling keeps 1 dB for peaks between
    /// samples and the Opus coder's overshoot, so the decoded mix stays at or below −1 dBTP (measured, docs/mixing.md).
    /// </summary>
    public const float TruePeakSafeLimitLinear = 0.794f;

    /// <summary>5 ms attack / look-ahead at 48 kHz.</summary>
    public const int Lookahead = 240;

    private const double ReleaseSeconds = 0.050;

    private readonly int channels;
    private readonly float ceiling;
    private readonly Lane[] lanes;
    private readonly float[] delay;
    private long received;
    private int slot; // received % (Lookahead + 1), kept without dividing

    /// <param name="linked">One gain for all channels (a room mix keeps its stereo image) or one per channel.</param>
    /// <param name="ceiling">The highest sample magnitude that may leave (linear).</param>
    public Limiter(int channels, bool linked, float ceiling = LimitLinear)
    {
        this.channels = channels;
        this.ceiling = ceiling;
        lanes = linked
            ? [new Lane([.. Enumerable.Range(0, channels)])]
            : [.. Enumerable.Range(0, channels).Select(c => new Lane([c]))];
        delay = new float[(Lookahead + 1) * channels];
    }

    /// <summary>
    /// Takes <paramref name="input"/> (interleaved) and writes the limited audio that is ready into
    /// <paramref name="output"/> (as many frames as given, minus the look-ahead once at the start); returns frames written.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        var frames = input.Length / channels;
        if (frames > 0 && Array.TrueForAll(lanes, lane => lane.Idle) && MaxAbs(input) <= ceiling)
        {
            return PassThrough(input, output, frames);
        }

        var written = 0;
        for (var f = 0; f < frames; f++)
        {
            if (Push(input.Slice(f * channels, channels), output.Slice(written * channels, channels)))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>The last <see cref="Lookahead"/> frames (fewer if less came in), after the last <see cref="Process"/>.</summary>
    public int Flush(Span<float> output)
    {
        Span<float> silence = stackalloc float[channels];
        silence.Clear();
        var pending = (int)Math.Min(received, Lookahead);
        var written = 0;
        for (var f = 0; f < Lookahead && written < pending; f++)
        {
            if (Push(silence, output.Slice(written * channels, channels)))
            {
                written++;
            }
        }

        return written;
    }

    // Vector<T> code is never precompiled (ReadyToRun), so without this it ran tier 0, then OSR, then tier 1 in every
    // fresh process's first mix.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float MaxAbs(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(samples);
        var acc = System.Numerics.Vector<float>.Zero;
        foreach (var v in vectors)
        {
            acc = System.Numerics.Vector.Max(acc, System.Numerics.Vector.Abs(v));
        }

        for (var i = 0; i < System.Numerics.Vector<float>.Count; i++)
        {
            peak = Math.Max(peak, acc[i]);
        }

        for (var i = vectors.Length * System.Numerics.Vector<float>.Count; i < samples.Length; i++)
        {
            peak = Math.Max(peak, Math.Abs(samples[i]));
        }

        return peak;
    }

    /// <summary>
    /// Nothing near the ceiling, in the block or in the look-ahead already taken, and every gain fully recovered:
    /// the output is the input, <see cref="Lookahead"/> frames late, copied in bulk. (Speech mostly takes this path.)
    /// </summary>
    private int PassThrough(ReadOnlySpan<float> input, Span<float> output, int frames)
    {
        var ring = Lookahead + 1;
        var written = 0;

        // Frames still in the delay line come out first, then the block's own, Lookahead late.
        for (var n = Math.Max(0, received - Lookahead); n < Math.Min(received, received + frames - Lookahead); n++)
        {
            delay.AsSpan((int)(n % ring) * channels, channels).CopyTo(output[(written * channels)..]);
            written++;
        }

        var direct = Math.Max(0, frames - Lookahead);
        if (direct > 0)
        {
            input[..(direct * channels)].CopyTo(output[(written * channels)..]);
            written += direct;
        }

        for (var k = Math.Max(received, received + frames - ring); k < received + frames; k++)
        {
            input.Slice((int)(k - received) * channels, channels).CopyTo(delay.AsSpan((int)(k % ring) * channels, channels));
        }

        received += frames;
        slot = (int)(received % ring);
        foreach (var lane in lanes)
        {
            lane.SkipQuiet(received - 1);
        }

        return written;
    }

    /// <summary>One frame in; true when one limited frame (Lookahead frames older) came out.</summary>
    private bool Push(ReadOnlySpan<float> frame, Span<float> output)
    {
        var oldest = slot + 1 == Lookahead + 1 ? 0 : slot + 1; // the frame Lookahead before this one
        var ready = received >= Lookahead;
        foreach (var lane in lanes)
        {
            var peak = 0f;
            foreach (var c in lane.Channels)
            {
                peak = Math.Max(peak, Math.Abs(frame[c]));
            }

            var gain = lane.Push(received, peak > ceiling ? ceiling / peak : 1f);
            if (ready)
            {
                foreach (var c in lane.Channels)
                {
                    var x = delay[(oldest * channels) + c];
                    output[c] = gain >= 1f ? x : x * gain;
                }
            }
        }

        frame.CopyTo(delay.AsSpan(slot * channels, channels));
        slot = oldest;
        received++;
        return ready;
    }

    /// <summary>The gain computer of one group of channels.</summary>
    private sealed class Lane(int[] channels)
    {
        private static readonly double Release = 1 - Math.Exp(-1 / (ReleaseSeconds * 48_000));

        // Sliding minimum of t over [n, n + Lookahead]: a monotonic deque of (index, t).
        private readonly long[] dequeIndex = new long[Lookahead + 2];
        private readonly float[] dequeValue = new float[Lookahead + 2];
        private int head;
        private int count;

        // The last Lookahead + 1 released gains and their sum (moving average).
        private readonly double[] recent = Enumerable.Repeat(1.0, Lookahead + 1).ToArray();
        private double sum = Lookahead + 1;
        private int recentSlot;
        private double released = 1;

        private int settled = Lookahead + 1;

        public int[] Channels { get; } = channels;

        /// <summary>Every gain in reach is exactly 1 and nothing in the look-ahead needs less.</summary>
        public bool Idle => settled > Lookahead && released == 1 && (count == 0 || dequeValue[head] >= 1f);

        /// <summary>Takes up to sample <paramref name="last"/> as quiet (t = 1) without computing each: only valid when <see cref="Idle"/>.</summary>
        public void SkipQuiet(long last)
        {
            head = 0;
            count = 1;
            dequeIndex[0] = last;
            dequeValue[0] = 1f;
            Array.Fill(recent, 1.0);
            sum = recent.Length;
        }

        /// <summary>Takes sample j's t; returns the gain of sample j − Lookahead (1 before there is one).</summary>
        public float Push(long j, float t)
        {
            var capacity = dequeValue.Length;
            var last = head + count - 1;
            if (last >= capacity)
            {
                last -= capacity;
            }

            while (count > 0 && dequeValue[last] >= t)
            {
                count--;
                last = last == 0 ? capacity - 1 : last - 1;
            }

            var at = head + count;
            if (at >= capacity)
            {
                at -= capacity;
            }

            dequeIndex[at] = j;
            dequeValue[at] = t;
            count++;
            var n = j - Lookahead;
            if (n < 0)
            {
                return 1f;
            }

            while (dequeIndex[head] < n)
            {
                head = head + 1 == capacity ? 0 : head + 1;
                count--;
            }

            double minimum = dequeValue[head];
            released = Math.Min(minimum, released + ((1 - released) * Release));
            if (released > 1 - 1e-7)
            {
                released = 1; // Fully recovered: exactly transparent again.
            }

            settled = released == 1 ? settled + 1 : 0;

            sum += released - recent[recentSlot];
            recent[recentSlot] = released;
            recentSlot = recentSlot + 1 == recent.Length ? 0 : recentSlot + 1;
            return (float)Math.Min(1.0, sum / recent.Length);
        }
    }
}
