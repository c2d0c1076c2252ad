using System.Globalization;
using System.Text.RegularExpressions;

namespace MergeBus.Downstream.Tests.Support;

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A strict reader of the Prometheus text format (0.0.4): any line it cannot read fails the parse.</summary>
public static partial class PrometheusText
{
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+-?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$")]
    private static partial Regex CommentLine();

    [GeneratedRegex("""\G\s*(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)"\s*,?""")]
    private static partial Regex Label();

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line == "# EOF") continue;
            if (line.StartsWith('#'))
            {
                if (!CommentLine().IsMatch(line)) throw new FormatException($"bad comment line: {line}");
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success) throw new FormatException($"bad sample line: {line}");
            samples.Add(new PrometheusSample(match.Groups["name"].Value, Labels(match.Groups["labels"].Value, line), Number(match.Groups["value"].Value, line)));
        }
        return samples;
    }

    /// <summary>The sum of every sample named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static Dictionary<string, string> Labels(string text, string line)
    {
        var labels = new Dictionary<string, string>();
        var at = 0;
        while (at < text.Length)
        {
            var match = Label().Match(text, at);
            if (!match.Success || match.Length == 0) throw new FormatException($"bad labels: {line}");
            labels[match.Groups["key"].Value] = Regex.Unescape(match.Groups["value"].Value);
            at += match.Length;
        }
        return labels;
    }

    private static double Number(string text, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"bad value: {line}"),
    };
}
