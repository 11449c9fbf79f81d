using System.Globalization;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The files the .NET runtime makes for each process in the temporary folder (<c>TMPDIR</c>, else <c>/tmp</c>): two
/// debugger pipes and a diagnostics socket, named by the process's pid and its start time in clock ticks since boot
/// (so a later process with the same pid has other names). The runtime removes them as the process exits; a process
/// killed outright cannot, and on a node whose workers are killed and replaced (the kernel's OOM killer, a stop past
/// its grace) they would pile up, three per worker. The manager removes those of each worker it saw killed.
/// </summary>
internal static class RuntimeLeftovers
{
    /// <summary>The start time the runtime names its files by (<c>/proc/PID/stat</c>'s 22nd field), or null where
    /// there is no such file (not Linux) or the process is gone.</summary>
    public static long? StartTicksOf(int pid)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (command) state …": the command may hold spaces and parentheses, so count from the last ')'; the
            // start time is the 20th field after it.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Removes the files of process <paramref name="pid"/> started at <paramref name="startTicks"/>; call it only once that process is gone.</summary>
    public static void Remove(int pid, long startTicks)
    {
        var folder = Path.GetTempPath();
        var key = string.Create(CultureInfo.InvariantCulture, $"{pid}-{startTicks}");
        foreach (var name in (ReadOnlySpan<string>)[$"clr-debug-pipe-{key}-in", $"clr-debug-pipe-{key}-out", $"dotnet-diagnostic-{key}-socket"])
        {
            try
            {
                File.Delete(Path.Combine(folder, name));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // not ours to remove after all; nothing is lost by leaving it
            }
        }
    }
}
