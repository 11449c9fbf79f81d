namespace Parsl.Processes;

/// <summary>
/// Where a bash app's stderr goes when the app names no file: a file in a folder of this process's own under the
/// temporary folder (made private, so no other user can plant a link where the command's stderr is opened), read for
/// the error's tail and deleted after its command. The folder goes when the process exits, or, should the process be
/// killed outright, with its orphan guard's sweep: every worker of a long campaign used to leave one behind.
/// </summary>
internal static class StderrCapture
{
    private static readonly Lazy<string> s_directory = new(Create);
    private static long s_sequence;

    /// <summary>A new file path for one command's stderr (the command's spawn creates the file).</summary>
    public static string NextFile() => Path.Combine(s_directory.Value, $"{Interlocked.Increment(ref s_sequence)}.err");

    private static string Create()
    {
        var directory = Directory.CreateTempSubdirectory("parsl-stderr-").FullName;
        OrphanGuard.RemoveAfterDeath(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(directory);
        return directory;
    }

    private static void Remove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // a command still writing into it, or the temporary folder cleaned already: nothing to hold the exit for
        }
    }
}
