using System.Text;

namespace MergeBus.Cli.Api;

/// <summary>Plain aligned columns: readable in a terminal and in a ticket.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Min(60, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : Fit(c, widths[i]))).TrimEnd());
        Line(headers);
        foreach (var row in rows) Line(row);
        return text.ToString();
    }

    private static string Fit(string cell, int width) => cell.Length > width ? cell[..(width - 1)] + "…" : cell.PadRight(width);
}
