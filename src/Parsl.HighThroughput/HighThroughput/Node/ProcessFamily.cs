using System.Runtime.InteropServices;

namespace Parsl.Executors.HighThroughput;

/// <summary>A manager's and a worker's tie to the process that started them, so that neither outlives it.</summary>
internal static partial class ProcessFamily
{
    /// <summary>This process's parent, or 0 where the platform does not say.</summary>
    public static int ParentId() => OperatingSystem.IsWindows() ? 0 : GetParentProcessId();

    /// <summary>
    /// Asks Linux to SIGKILL this process when its parent ends; false when the parent already is not
    /// <paramref name="parentAtStart"/> (it ended before the request). The signal is tied to the parent's thread that
    /// started this process, so only a parent that starts children from a thread living as long as it may rely on it
    /// (a manager's poller thread does); elsewhere, compare <see cref="ParentId"/>.
    /// </summary>
    public static bool KillWithParent(int parentAtStart)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        const int SetParentDeathSignal = 1;
        const int SigKill = 9;
        _ = Prctl(SetParentDeathSignal, SigKill, 0, 0, 0);
        return GetParentProcessId() == parentAtStart;
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
