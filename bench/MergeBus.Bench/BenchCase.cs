using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

/// <summary>One measured mix of a session: our builder, and (optionally) the naive ffmpeg line for the same output.</summary>
/// <param name="Loudness">Speaker leveling (off or speech): speech adds the measuring pass before the mix (it decodes once; the mix replays its PCM).</param>
/// <param name="Complexity">libopus complexity of our Ogg Opus output (10: the default).</param>
/// <param name="EndToEnd">Ours is `mergebus merge` run as a child process and timed from exec to exit, not the builder in this process.</param>
/// <param name="Pairs">Ours and the floor run this many times, alternating; the row shows each side's median run (see <see cref="AlternatingRuns"/>).</param>
public sealed record BenchCase(string Id, string Title, string Layout, bool WithBaseline = true, int Complexity = 10, string Loudness = LoudnessModes.Off,
    bool EndToEnd = false, int Pairs = 1);
