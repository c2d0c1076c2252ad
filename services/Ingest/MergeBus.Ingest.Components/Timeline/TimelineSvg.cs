using System.Globalization;
using System.Net;
using System.Text;
using MergeBus.Ingest.Components.History;

namespace MergeBus.Ingest.Components.Timeline;

/// <summary>
/// The session drawn from the job's history, one lane per participant: the track from join (its offset) to leave
/// (the end of its timeline), the packet runs where audio is present, the DTX/mute holes between them, warning
/// markers, and the mix's length on top. Nothing reads the audio again: the facts are those the Fetcher and
/// Mixer recorded. Elements carry classes (lane, track, run, hole, join, leave, mix, warning) and data-* sample
/// positions so that tools, and tests, can read the picture.
/// </summary>
public static class TimelineSvg
{
    private const double LabelWidth = 190, PlotWidth = 900, LaneHeight = 34, Top = 58, Margin = 12;
    private const double SamplesPerSecond = 48000;

    public static string Render(JobSummary job)
    {
        var lanes = job.Participants;
        var mixSamples = Math.Max(job.MixDurationMs * 48, job.TimelineSamples);
        var span = Math.Max(1, Math.Max(mixSamples, lanes.Select(l => l.OffsetSamples + l.TimelineSamples).DefaultIfEmpty(0).Max()));
        double X(long samples) => LabelWidth + samples * PlotWidth / span;
        var height = Top + Math.Max(1, lanes.Count) * LaneHeight + 40;
        var width = LabelWidth + PlotWidth + Margin;

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" "))
           .Append(Invariant($"data-job=\"{Esc(job.Id)}\" data-span-samples=\"{span}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append("<defs><pattern id=\"holes\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
           .Append("<rect width=\"6\" height=\"6\" fill=\"#fde2e2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e57373\" stroke-width=\"2\"/></pattern></defs>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.Append(Invariant($"<text x=\"{Margin}\" y=\"18\" font-weight=\"bold\">{Esc(job.Id)}</text>\n"));

        // The mix: from 0 to its length.
        if (mixSamples > 0)
        {
            svg.Append(Invariant($"<rect class=\"mix\" x=\"{X(0):0.##}\" y=\"28\" width=\"{X(mixSamples) - X(0):0.##}\" height=\"10\" fill=\"#5c6bc0\" data-length-samples=\"{mixSamples}\"><title>mix {Seconds(mixSamples)}</title></rect>\n"));
            svg.Append(Invariant($"<text x=\"{Margin}\" y=\"37\">mix {Seconds(mixSamples)}</text>\n"));
        }
        if (lanes.Count == 0)
        {
            svg.Append(Invariant($"<text class=\"empty\" x=\"{LabelWidth}\" y=\"{Top + 20}\">no participant facts recorded for this job (the inputs were never read, or the history is off)</text>\n"));
        }

        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var y = Top + i * LaneHeight;
            var start = lane.OffsetSamples;
            var end = lane.OffsetSamples + lane.TimelineSamples;
            var holes = Holes(lane).ToList();
            svg.Append(Invariant($"<g class=\"lane\" data-participant=\"{Esc(lane.ParticipantId)}\" data-holes=\"{holes.Count}\">\n"));
            svg.Append(Invariant($"<text x=\"{Margin}\" y=\"{y + 15:0.##}\">{Esc(Truncate(lane.Identity, 24))}</text>"))
               .Append(Invariant($"<text x=\"{Margin}\" y=\"{y + 28:0.##}\" fill=\"#666\" font-size=\"10\">{lane.Runs.Count} runs, {holes.Count} holes</text>\n"));
            svg.Append(Invariant($"<rect class=\"track\" x=\"{X(start):0.##}\" y=\"{y + 4:0.##}\" width=\"{X(end) - X(start):0.##}\" height=\"22\" fill=\"#eceff1\" data-start-samples=\"{start}\" data-end-samples=\"{end}\"/>\n"));
            foreach (var (holeStart, holeEnd) in holes)
            {
                svg.Append(Invariant($"<rect class=\"hole\" x=\"{X(start + holeStart):0.##}\" y=\"{y + 4:0.##}\" width=\"{Math.Max(0.5, X(start + holeEnd) - X(start + holeStart)):0.##}\" height=\"22\" fill=\"url(#holes)\" data-start-samples=\"{start + holeStart}\" data-end-samples=\"{start + holeEnd}\"><title>hole {Seconds(holeEnd - holeStart)} at {Seconds(start + holeStart)}</title></rect>\n"));
            }
            foreach (var run in lane.Runs)
            {
                var runStart = start + run[0];
                var runEnd = runStart + run[1];
                svg.Append(Invariant($"<rect class=\"run\" x=\"{X(runStart):0.##}\" y=\"{y + 6:0.##}\" width=\"{Math.Max(0.5, X(runEnd) - X(runStart)):0.##}\" height=\"18\" fill=\"#43a047\" data-start-samples=\"{runStart}\" data-end-samples=\"{runEnd}\"/>\n"));
            }
            svg.Append(Invariant($"<line class=\"join\" x1=\"{X(start):0.##}\" x2=\"{X(start):0.##}\" y1=\"{y:0.##}\" y2=\"{y + 30:0.##}\" stroke=\"#1e88e5\" stroke-width=\"2\"><title>joined at {Seconds(start)}</title></line>"))
               .Append(Invariant($"<line class=\"leave\" x1=\"{X(end):0.##}\" x2=\"{X(end):0.##}\" y1=\"{y:0.##}\" y2=\"{y + 30:0.##}\" stroke=\"#8e24aa\" stroke-width=\"2\"><title>left at {Seconds(end)}</title></line>\n"));
            var warnings = job.Warnings.Where(w => w.StartsWith(lane.ParticipantId + ":", StringComparison.Ordinal)).ToList();
            if (lane.OverlapsCorrected > 0) warnings.Add($"{lane.OverlapsCorrected} overlapping Ogg pages corrected");
            for (var w = 0; w < warnings.Count; w++)
            {
                var x = X(end) - 8 - w * 12;
                svg.Append(Invariant($"<path class=\"warning\" d=\"M{x:0.##},{y + 2:0.##} l6,10 h-12 z\" fill=\"#ffb300\" stroke=\"#6d4c00\"><title>{Esc(warnings[w])}</title></path>\n"));
            }
            svg.Append("</g>\n");
        }

        // Seconds along the bottom.
        var axisY = Top + Math.Max(1, lanes.Count) * LaneHeight + 12;
        var step = span / SamplesPerSecond > 60 ? 10 * 48000L : 48000L;
        for (long t = 0; t <= span; t += step)
        {
            svg.Append(Invariant($"<line class=\"tick\" x1=\"{X(t):0.##}\" x2=\"{X(t):0.##}\" y1=\"{axisY - 6:0.##}\" y2=\"{axisY:0.##}\" stroke=\"#999\"/>"))
               .Append(Invariant($"<text x=\"{X(t) - 4:0.##}\" y=\"{axisY + 12:0.##}\" font-size=\"9\" fill=\"#666\">{t / 48000}s</text>\n"));
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Gaps between packet runs, relative to the lane's own timeline.</summary>
    public static IEnumerable<(long Start, long End)> Holes(ParticipantLane lane)
    {
        for (var i = 1; i < lane.Runs.Count; i++)
        {
            var previousEnd = lane.Runs[i - 1][0] + lane.Runs[i - 1][1];
            if (lane.Runs[i][0] > previousEnd) yield return (previousEnd, lane.Runs[i][0]);
        }
    }

    private static string Seconds(long samples) => (samples / SamplesPerSecond).ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
