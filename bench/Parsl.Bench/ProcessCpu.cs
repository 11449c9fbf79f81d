namespace Parsl.Bench;

/// <summary>
/// CPU time used by this process and by the .NET processes it started (a block's manager and workers), read from
/// <c>/proc</c>: what Parsl itself spends per task, a figure that does not depend on what else the machine runs.
/// </summary>
internal readonly record struct ProcessCpu(TimeSpan Workflow, TimeSpan Nodes)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Now; zero where there is no <c>/proc</c>.</summary>
    public static ProcessCpu Read()
    {
        if (!OperatingSystem.IsLinux())
            return default;
        var me = Environment.ProcessId;
        var processes = new Dictionary<int, (int Parent, string Name, long Ticks)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state, ppid, … utime (14th field of the line), stime (15th).
                processes[pid] = (int.Parse(fields[1]), stat[(stat.IndexOf('(') + 1)..close], long.Parse(fields[11]) + long.Parse(fields[12]));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // gone meanwhile
            }
        }
        long nodes = 0;
        foreach (var (pid, (_, name, ticks)) in processes)
        {
            if (pid != me && name == "dotnet" && DescendsFrom(processes, pid, me))
                nodes += ticks;
        }
        return new ProcessCpu(Seconds(processes.GetValueOrDefault(me).Ticks), Seconds(nodes));
    }

    public static ProcessCpu operator -(ProcessCpu after, ProcessCpu before) => new(after.Workflow - before.Workflow, after.Nodes - before.Nodes);

    private static bool DescendsFrom(Dictionary<int, (int Parent, string Name, long Ticks)> processes, int pid, int ancestor)
    {
        for (var current = processes[pid].Parent; current > 1; current = processes.TryGetValue(current, out var up) ? up.Parent : 0)
        {
            if (current == ancestor)
                return true;
        }
        return false;
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
