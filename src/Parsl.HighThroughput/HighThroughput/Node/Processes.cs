using System.Diagnostics;

namespace Parsl.Executors.HighThroughput;

/// <summary>Calls on a worker's process that may race with its exit, made safe: a process that is gone is no error here.</summary>
internal static class Processes
{
    /// <summary>Kills a worker with everything it started, but not its orphan guard, which then cleans up what the kill cannot reach (<see cref="ProcessTree"/>).</summary>
    public static void TryKill(Process process)
    {
        try
        {
            if (!OperatingSystem.IsLinux())
                process.Kill(entireProcessTree: true);
            else if (!process.HasExited) // a pid already reaped may be another process's by now
                ProcessTree.KillSparingGuards(process.Id);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for the process to exit; true once it has (or was never there to wait for).</summary>
    public static bool WaitForExit(Process process, int milliseconds)
    {
        try
        {
            return process.WaitForExit(milliseconds);
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>The process's id, or 0 if it is gone or was never started.</summary>
    public static int IdOf(Process? process)
    {
        try
        {
            return process?.Id ?? 0;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    /// <summary>The exit code, or -1 if the process cannot say.</summary>
    public static int ExitCodeOf(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
