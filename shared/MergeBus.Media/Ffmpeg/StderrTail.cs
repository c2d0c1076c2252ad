using System.Text;

namespace MergeBus.Media.Ffmpeg;

/// <summary>Keeps the last lines of stderr within a byte budget, and picks the line that explains a failure.</summary>
internal sealed class StderrTail(int maxChars = 8192)
{
    private readonly LinkedList<string> lines = new();
    private int chars;

    public void Add(string line)
    {
        lock (lines)
        {
            lines.AddLast(line);
            chars += line.Length + 1;
            while (chars > maxChars && lines.First is { } first)
            {
                chars -= first.Value.Length + 1;
                lines.RemoveFirst();
            }
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }

    /// <summary>The last line that isn't ffmpeg's generic epilogue ("Conversion failed!" and friends).</summary>
    public string Reason()
    {
        string[] snapshot;
        lock (lines)
        {
            snapshot = [.. lines];
        }

        for (var i = snapshot.Length - 1; i >= 0; i--)
        {
            var line = snapshot[i].Trim();
            if (line.Length == 0 || IsEpilogue(line))
            {
                continue;
            }

            return line.Length > 300 ? line[..300] : line;
        }

        return "no error output";
    }

    private static bool IsEpilogue(string line) =>
        line.StartsWith("Conversion failed", StringComparison.Ordinal)
        || line.StartsWith("Exiting normally", StringComparison.Ordinal)
        || line.StartsWith("Error closing file", StringComparison.Ordinal) && line.Contains("Broken pipe", StringComparison.Ordinal);
}
