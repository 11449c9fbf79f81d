using System.Text;

namespace Parsl.Dashboard.Pages;

/// <summary>The end of a task's stdout or stderr file, bounded so a chatty task cannot make its page huge.</summary>
internal static class OutputTail
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The file's last <see cref="MaxBytes"/> and a note on what was left out, or why nothing could be read.
    /// A relative path is looked up from the dashboard's folder, then from the run's directory.</summary>
    public static (string? Text, string Note) Read(string path, string runDirectory)
    {
        var file = Path.IsPathRooted(path) || File.Exists(path) ? path : Path.Combine(runDirectory, path);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = stream.Length;
            var skip = Math.Max(0, length - MaxBytes);
            stream.Seek(skip, SeekOrigin.Begin);
            var bytes = new byte[length - skip];
            stream.ReadExactly(bytes);
            var text = Encoding.UTF8.GetString(bytes);
            if (skip > 0 && text.IndexOf('\n') is var newline and >= 0)
                text = text[(newline + 1)..]; // start at a whole line
            return (text, skip > 0 ? $"the last {Format.Count(MaxBytes / 1024)} KiB of {Format.Count(length)} bytes" : $"{Format.Count(length)} bytes");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"not readable from here: {exception.Message}");
        }
    }
}
