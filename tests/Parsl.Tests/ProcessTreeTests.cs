using System.Diagnostics;
using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>A manager's kill of a worker takes the worker's whole tree but its orphan guard, which must outlive the worker to clean up after it.</summary>
public sealed class ProcessTreeTests
{
    [Fact]
    public async Task A_tree_is_killed_to_its_grandchildren_and_its_guard_is_spared()
    {
        var scratch = Directory.CreateTempSubdirectory("parsl-tree-").FullName;
        try
        {
            // A stand-in worker: a shell with a child, a grandchild and a guard (argv[0] as the real guard's).
            var script = $"""
                sleep 1000 & echo $! > {scratch}/child
                bash -c 'sleep 1000 & echo $! > {scratch}/grandchild; wait' &
                (exec -a {ProcessTree.GuardName} sleep 1000) & echo $! > {scratch}/guard
                touch {scratch}/ready
                wait
                """;
            using var worker = Process.Start(new ProcessStartInfo("bash", ["-c", script]))!;
            // The shell makes each file before echo writes to it: wait for the numbers, not the files.
            bool Written(string name) => File.Exists(Path.Combine(scratch, name)) && new FileInfo(Path.Combine(scratch, name)).Length > 0;
            await Poll.UntilAsync(() => File.Exists(Path.Combine(scratch, "ready")) && Written("child") && Written("grandchild") && Written("guard"), "the tree to start");
            int Pid(string name) => int.Parse(File.ReadAllText(Path.Combine(scratch, name)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var (child, grandchild, guard) = (Pid("child"), Pid("grandchild"), Pid("guard"));
            await Poll.UntilAsync(() => File.ReadAllText($"/proc/{guard}/cmdline").StartsWith(ProcessTree.GuardName, StringComparison.Ordinal), "the guard's name to show");

            Parsl.Executors.HighThroughput.Processes.TryKill(worker);

            await Poll.UntilAsync(() => worker.HasExited && ChildProcess.HasEnded(child) && ChildProcess.HasEnded(grandchild), "the worker, its child and its grandchild to be killed");
            Assert.False(ChildProcess.HasEnded(guard), "the guard was killed with the tree");
            ChildProcess.Signal(guard, ChildProcess.SigKill);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
