using System.Globalization;
using System.Runtime.InteropServices;

namespace Parsl.Processes;

/// <summary>Whether a process group still has a process that runs: what a cancel waits for before it kills.</summary>
internal static partial class ProcessGroup
{
    private const int NoSuchProcess = 3;

    /// <summary>
    /// True while a process of <paramref name="group"/> is alive. A member that has exited but is not reaped yet (a
    /// zombie: an orphan waits for init) is gone for this, though <c>kill(2)</c> still counts it; on Linux each member's
    /// state is read from <c>/proc</c> when <c>kill(2)</c> says the group is there.
    /// </summary>
    public static bool HasLiveMembers(int group)
    {
        if (kill(-group, 0) != 0 && Marshal.GetLastPInvokeError() == NoSuchProcess)
            return false;
        if (!OperatingSystem.IsLinux())
            return true;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }
            // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses, so read after the last ')'.
            var fields = stat.AsSpan(stat.LastIndexOf(')') + 2);
            var state = fields[0];
            fields = fields[(fields.IndexOf(' ') + 1)..]; // ppid …
            fields = fields[(fields.IndexOf(' ') + 1)..]; // pgrp …
            var end = fields.IndexOf(' ');
            if (state is not ('Z' or 'X') && int.TryParse(end < 0 ? fields : fields[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var pgrp) && pgrp == group)
                return true;
        }
        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
