using System.Globalization;

namespace Parsl.Runs;

/// <summary>Creates the numbered per-run directory, like Parsl's <c>runinfo/000</c>.</summary>
internal static class RunDirectory
{
    public static string CreateNext(string parent)
    {
        Directory.CreateDirectory(parent);
        // Files count too: a plain file named 004 takes that number as surely as a directory does.
        var next = Directory.EnumerateFileSystemEntries(parent)
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .DefaultIfEmpty(-1)
            .Max() + 1;
        // Two runs may start together: CreateDirectory succeeds for both, so claim the number with a marker file.
        while (true)
        {
            var path = Path.Combine(parent, next.ToString("000", CultureInfo.InvariantCulture));
            try
            {
                Directory.CreateDirectory(path);
                using var claim = new FileStream(Path.Combine(path, ".claimed"), FileMode.CreateNew);
                return Path.GetFullPath(path);
            }
            catch (IOException)
            {
                next++;
            }
        }
    }
}
