namespace MergeBus.LoopbackServers;

/// <summary>The last lines a server process printed, kept for failure messages. Thread-safe.</summary>
public sealed class OutputTail(int capacity = 50)
{
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }
}
