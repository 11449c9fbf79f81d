using System.Globalization;

namespace Parsl.Tests;

/// <summary>The process table, read from /proc: which managers and workers of a run are alive.</summary>
internal static class WorkerProcesses
{
    /// <summary>Manager processes (dotnet running Parsl.HighThroughput.dll as 'manager', not the shells that start them) of the run in <paramref name="runDirectory"/>.</summary>
    public static IReadOnlyList<int> Managers(string runDirectory) =>
        [.. Processes().Where(p => IsHost(p.CommandLine, "manager") && p.CommandLine.Contains(runDirectory, StringComparison.Ordinal)).Select(p => p.Pid)];

    /// <summary>Worker processes whose parent is one of <paramref name="managers"/>.</summary>
    public static IReadOnlyList<int> Workers(IReadOnlyCollection<int> managers) =>
        [.. Processes().Where(p => IsHost(p.CommandLine, "worker") && managers.Contains(p.Parent)).Select(p => p.Pid)];

    private static bool IsHost(string commandLine, string mode)
    {
        var args = commandLine.Split(' ');
        return args.Length > 1 && Path.GetFileName(args[0]) == "dotnet" && args.Contains(mode);
    }

    /// <summary>Every process of the run: its managers, their workers, and anything else naming the run directory.</summary>
    public static IReadOnlyList<string> Remaining(string runDirectory)
    {
        var all = Processes().ToList();
        var managers = all.Where(p => p.CommandLine.Contains(runDirectory, StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        return [.. all.Where(p => managers.Contains(p.Pid) || managers.Contains(p.Parent)).Select(p => $"{p.Pid}: {p.CommandLine}")];
    }

    /// <summary>Every process descending from <paramref name="ancestor"/> (children, theirs, and so on).</summary>
    public static IReadOnlyList<int> Descendants(int ancestor)
    {
        var parents = Processes().ToDictionary(p => p.Pid, p => p.Parent);
        return [.. parents.Keys.Where(pid => DescendsFrom(pid))];

        bool DescendsFrom(int pid)
        {
            for (var up = parents.GetValueOrDefault(pid); up > 1; up = parents.GetValueOrDefault(up))
            {
                if (up == ancestor)
                    return true;
            }
            return false;
        }
    }

    /// <summary>Processes whose working directory is <paramref name="directory"/> (bash apps and what they started).</summary>
    public static IReadOnlyList<int> WorkingIn(string directory) => [.. Processes().Where(p => p.WorkingDirectory == directory).Select(p => p.Pid)];

    private static IEnumerable<(int Pid, int Parent, string CommandLine, string? WorkingDirectory)> Processes()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string commandLine, status;
            string? workingDirectory;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).TrimEnd('\0').Replace('\0', ' ');
                status = File.ReadAllText(Path.Combine(directory, "status"));
                workingDirectory = new DirectoryInfo(Path.Combine(directory, "cwd")).LinkTarget;
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (status.Contains("State:\tZ", StringComparison.Ordinal))
                continue; // a zombie has ended; only its parent's wait is missing
            var parentLine = status.Split('\n').FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            var parent = parentLine is null ? 0 : int.Parse(parentLine[5..].Trim(), CultureInfo.InvariantCulture);
            yield return (pid, parent, commandLine, workingDirectory);
        }
    }
}
