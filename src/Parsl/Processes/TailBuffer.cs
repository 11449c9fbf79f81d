namespace Parsl.Processes;

/// <summary>Keeps the last lines of a stream, for error messages that show how a command failed.</summary>
internal sealed class TailBuffer(int maxLines)
{
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
        {
            _lines.Enqueue(line.Length > 500 ? line[..500] + " ..." : line);
            if (_lines.Count > maxLines)
                _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines)
            return string.Join('\n', _lines);
    }

    public static string ReadFileTail(string path, int maxLines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            const int window = 8192;
            stream.Seek(Math.Max(0, stream.Length - window), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var tail = new TailBuffer(maxLines);
            while (reader.ReadLine() is { } line)
                tail.Add(line);
            return tail.ToString();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
