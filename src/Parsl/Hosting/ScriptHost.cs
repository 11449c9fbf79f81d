#pragma warning disable RS0030 // the one place allowed to use the console and end the process (see the summary)

namespace Parsl.Hosting;

/// <summary>
/// What the kernel does as the host of a script, and only here: it writes to the console (the failure report at the
/// end, the line a Ctrl-C leaves, a question such as Globus's login code) and ends the process (after a Ctrl-C, as Parsl does). The rest of the library logs
/// and throws; BannedSymbols.txt makes the compiler refuse the console and <see cref="Environment.Exit"/> anywhere else.
/// </summary>
internal static class ScriptHost
{
    /// <summary>Writes a block of text for the person running the script (<see cref="ParslConfig.PrintFailureReport"/>).</summary>
    public static void Tell(string text) => WriteLine(text);

    /// <summary>Asks the person running the script a question on stderr and reads their answer from stdin (empty at its end).</summary>
    public static async Task<string> AskAsync(string question, CancellationToken cancellationToken)
    {
        await Console.Error.WriteAsync(question).ConfigureAwait(false);
        return await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
    }

    /// <summary>Writes <paramref name="lastWords"/>, then ends the process with <paramref name="exitCode"/> (<see cref="ParslConfig.ExitOnCtrlC"/>).</summary>
    public static void Exit(string lastWords, int exitCode)
    {
        WriteLine(lastWords);
        Environment.Exit(exitCode);
    }

    // A terminal that hung up (the SIGHUP that ends the run) fails every write with EIO: nobody is there to read the
    // words, and the exit must still happen (the run's log has the cancellation).
    private static void WriteLine(string text)
    {
        try
        {
            Console.Error.WriteLine(text);
        }
        catch (Exception exception) when (Files.WriteFailure.Is(exception))
        {
        }
    }
}
