using System.Globalization;
using System.Xml.Linq;
using MergeBus.Support.Tests.Support;

namespace MergeBus.Support.Tests;

[Collection(SupportCollection.Name)]
public sealed class TimelineTests(SupportServers servers)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task The_livekit_sample_draws_two_lanes_and_file2_shows_its_23_holes()
    {
        await using var host = await SupportHost.StartAsync(servers);
        await host.SubmitAsync("t-job", SupportHost.SampleManifest);
        await host.WaitForAsync("t-job", a => SupportHost.IsState(a, "Completed") && (long)a["job"]!["mixDurationMs"]! > 0);
        using var http = host.Client(SupportHost.ReadToken);
        var svg = XDocument.Parse(await http.GetStringAsync("/jobs/t-job/timeline.svg"));

        var lanes = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "lane").ToList();
        Assert.Equal(2, lanes.Count);
        var file2 = lanes.Single(l => (string?)l.Attribute("data-participant") == "TR_AwHCsrHLwqSeo");
        var holes = Rects(file2, "hole");
        var runs = Rects(file2, "run");
        Assert.Equal(23, holes.Count);
        Assert.Equal(24, runs.Count);
        // Holes lie between runs, inside the track, and never overlap audio.
        var track = Rects(file2, "track").Single();
        Assert.All(holes, h => Assert.True(h.X >= track.X - 0.01 && h.X + h.Width <= track.X + track.Width + 0.01));
        Assert.All(holes, h => Assert.DoesNotContain(runs, r => r.X + 0.01 < h.X + h.Width && h.X + 0.01 < r.X + r.Width));
        // 3.9 s of audio over a 12.6 s timeline: the runs cover about a third of the track.
        Assert.InRange(runs.Sum(r => r.Width) / track.Width, 0.25, 0.40);
        var file1 = lanes.Single(l => (string?)l.Attribute("data-participant") == "TR_AMPG9Ds3N5m88e");
        Assert.InRange(Rects(file1, "run").Sum(r => r.Width) / Rects(file1, "track").Single().Width, 0.85, 1.0);
        // The mix bar spans the whole session (12.5–12.85 s).
        var mix = svg.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "mix");
        Assert.InRange(long.Parse((string)mix.Attribute("data-length-samples")!, CultureInfo.InvariantCulture) / 48000.0, 12.5, 12.85);
    }

    private static List<(double X, double Width)> Rects(XElement lane, string cls) =>
        [.. lane.Elements(Svg + "rect").Where(r => (string?)r.Attribute("class") == cls)
            .Select(r => (double.Parse((string)r.Attribute("x")!, CultureInfo.InvariantCulture), double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)))];
}
