using System.Globalization;

namespace Parsl.Runs;

/// <summary>Creates the numbered per-run directory, like Parsl's <c>runinfo/000</c>.</summary>
internal static class RunDirectory
{
    /// <summary>Creates and claims the next numbered directory under <paramref name="parent"/>; returns its full path.</summary>
    /// <exception cref="IOException">The parent cannot hold run directories (a file, a read-only or full file system, no permission): says which and what to do.</exception>
    public static string CreateNext(string parent)
    {
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Unusable(parent, File.Exists(parent) ? "it is a file, not a folder" : Logging.Sentence.Clause(exception.Message), exception);
        }
        // Files count too: a plain file named 004 takes that number as surely as a directory does.
        var next = Directory.EnumerateFileSystemEntries(parent)
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .DefaultIfEmpty(-1)
            .Max() + 1;
        // Two runs may start together: CreateDirectory succeeds for both, so claim the number with a marker file. Only a
        // claim that is there already means another run took the number; any other failure (a read-only or full file
        // system, a quota) would fail at every number, and must not loop.
        while (true)
        {
            var path = Path.Combine(parent, next.ToString("000", CultureInfo.InvariantCulture));
            var claimPath = Path.Combine(path, ".claimed");
            try
            {
                Directory.CreateDirectory(path);
                using var claim = new FileStream(claimPath, FileMode.CreateNew);
                return Path.GetFullPath(path);
            }
            catch (IOException) when (File.Exists(claimPath) || File.Exists(path))
            {
                next++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw Unusable(parent, Logging.Sentence.Clause(exception.Message), exception);
            }
        }
    }

    private static IOException Unusable(string parent, string reason, Exception inner) =>
        new($"The run directory {Path.GetFullPath(parent)} cannot hold this run: {reason}. Set ParslConfig.RunDirectory (YAML run_directory) " +
            "to a folder you can write, on a file system with space.", inner);
}
