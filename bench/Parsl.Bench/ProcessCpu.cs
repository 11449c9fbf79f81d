namespace Parsl.Bench;

/// <summary>
/// CPU time used by this process and by the .NET processes it started (a block's manager and workers), read from
/// <c>/proc</c>: what Parsl itself spends per task, a figure that does not depend on what else the machine runs.
/// The runtime's background JIT threads (".NET Tiered Compilation Worker") are left out: their work is a fresh
/// process's warm-up, paid once, and a single timed run would otherwise count seconds of it as milliseconds per task.
/// </summary>
internal readonly record struct ProcessCpu(TimeSpan Workflow, TimeSpan Nodes)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private const string CompilerThread = ".NET Tiered Com"; // the kernel keeps a thread's first 15 characters

    /// <summary>Now; empty where there is no <c>/proc</c>.</summary>
    public static Snapshot Read()
    {
        if (!OperatingSystem.IsLinux())
            return new Snapshot(0, 0, []);
        var me = Environment.ProcessId;
        var processes = new Dictionary<int, Stat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ReadStat(Path.Combine(folder, "stat")) is { } stat)
                processes[pid] = stat;
        }
        long workflow = 0, nodes = 0;
        var compiler = new Dictionary<(int Pid, int Tid), (bool Workflow, long Ticks)>();
        foreach (var (pid, stat) in processes)
        {
            var isWorkflow = pid == me;
            if (!isWorkflow && !(stat.Name == "dotnet" && DescendsFrom(processes, pid, me)))
                continue;
            if (isWorkflow)
                workflow += stat.Ticks;
            else
                nodes += stat.Ticks;
            foreach (var (tid, thread) in CompilerThreads(pid))
                compiler[(pid, tid)] = (isWorkflow, thread);
        }
        return new Snapshot(workflow, nodes, compiler);
    }

    /// <summary>Per process, and per JIT thread (by process and thread id), in clock ticks.</summary>
    internal sealed record Snapshot(long WorkflowTicks, long NodesTicks, Dictionary<(int Pid, int Tid), (bool Workflow, long Ticks)> Compiler)
    {
        /// <summary>What was spent between two readings, less what JIT threads spent; one that ended meanwhile counts
        /// as having spent nothing more (its last minutes are then Parsl's: the figure errs high, never low).</summary>
        public static ProcessCpu operator -(Snapshot after, Snapshot before)
        {
            long workflow = after.WorkflowTicks - before.WorkflowTicks, nodes = after.NodesTicks - before.NodesTicks;
            foreach (var (thread, (isWorkflow, ticks)) in after.Compiler)
            {
                var spent = ticks - (before.Compiler.TryGetValue(thread, out var earlier) ? earlier.Ticks : 0);
                if (isWorkflow)
                    workflow -= spent;
                else
                    nodes -= spent;
            }
            return new ProcessCpu(Seconds(workflow), Seconds(nodes));
        }
    }

    private readonly record struct Stat(int Parent, string Name, long Ticks);

    private static Stat? ReadStat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            // After the name: state, ppid, … utime (14th field of the line), stime (15th).
            return new Stat(int.Parse(fields[1]), stat[(stat.IndexOf('(') + 1)..close], long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // gone meanwhile
        }
    }

    private static IEnumerable<(int Tid, long Ticks)> CompilerThreads(int pid)
    {
        IEnumerable<string> threads;
        try
        {
            threads = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break; // gone meanwhile
        }
        foreach (var folder in threads)
        {
            if (int.TryParse(Path.GetFileName(folder), out var tid) && ReadStat(Path.Combine(folder, "stat")) is { Name: CompilerThread } stat)
                yield return (tid, stat.Ticks);
        }
    }

    private static bool DescendsFrom(Dictionary<int, Stat> processes, int pid, int ancestor)
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
