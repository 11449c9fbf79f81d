using System.Globalization;
using System.Runtime.InteropServices;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Kills a worker and every process under it except its orphan guard (Linux). The guard is the worker's child, waiting
/// on a pipe for the worker to die; .NET's tree kill took it too, so what only the guard reaches stayed behind:
/// containers the worker's commands started (a runtime keeps a container whose client died), commands that had left
/// the tree, the worker's stderr capture folder. Each process is stopped as it is found, so none forks out of reach,
/// then all are killed.
/// </summary>
internal static partial class ProcessTree
{
    // The orphan guard's argv[0] (Parsl.Processes.OrphanGuard in the core): the one kind of descendant spared.
    internal const string GuardName = "parsl-orphan-guard";
    private const int SigKill = 9;
    private const int SigStop = 19;

    public static void KillSparingGuards(int root)
    {
        List<int> found = [root];
        HashSet<int> tree = [root];
        _ = Kill(root, SigStop);
        for (var added = true; added;)
        {
            added = false;
            foreach (var (pid, parent) in ProcessesAndParents())
            {
                if (tree.Contains(pid) || !tree.Contains(parent) || IsGuard(pid))
                    continue;
                _ = Kill(pid, SigStop);
                tree.Add(pid);
                found.Add(pid);
                added = true;
            }
        }
        foreach (var pid in found)
            _ = Kill(pid, SigKill);
    }

    private static bool IsGuard(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith(GuardName + "\0", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // gone
        }
    }

    private static IEnumerable<(int Pid, int Parent)> ProcessesAndParents()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
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
            // "pid (command) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
                yield return (pid, parent);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
