using Parsl.Processes;

namespace Parsl.Tests;

/// <summary>
/// A run leaves nothing of its block's processes in the node's temporary folder. The .NET runtime makes two debugger
/// pipes and a diagnostics socket there for each process, and removes them only when the process exits by itself:
/// a manager and workers that were killed at every normal end left three files each, run after run.
/// </summary>
public sealed class HtexCleanExitTests : HtexRunTest
{
    [Fact]
    public async Task A_finished_run_leaves_no_runtime_files_of_its_manager_and_workers_nor_of_a_worker_killed_on_the_way()
    {
        var nodeTemp = Path.Combine(Path.GetDirectoryName(RunDirectory)!, "node-tmp");
        Directory.CreateDirectory(nodeTemp);
        var kernel = await LoadAsync(Htex(blocks: 1, workers: 2, lossRetries: 5, workerInit: $"export TMPDIR={ShellCommand.Quote(nodeTemp)}"));
        Assert.Equal(Enumerable.Range(0, 20), await AllAsync(Enumerable.Range(0, 20).Select(i => HtexApps.PauseAsync(1, i)).ToList(), TimeSpan.FromMinutes(2)));

        // The block's processes keep their files in that folder, so the checks below look in the right place.
        var managers = WorkerProcesses.Managers(RunDirectory);
        var workers = WorkerProcesses.Workers(managers);
        Assert.Equal(2, workers.Count);
        Assert.All(managers.Concat(workers), pid => Assert.Equal(3, FilesOf(nodeTemp, pid).Length));

        // A worker killed outright cannot remove its own: its manager does, as it replaces it.
        System.Diagnostics.Process.GetProcessById(workers[0]).Kill();
        await Poll.UntilAsync(() => FilesOf(nodeTemp, workers[0]).Length == 0 && WorkerProcesses.Workers(managers).Count == 2,
            $"the killed worker's files ({string.Join(", ", FilesOf(nodeTemp, workers[0]))}) to be removed, and the worker replaced");
        Assert.Equal(Enumerable.Range(0, 20), await AllAsync(Enumerable.Range(0, 20).Select(i => HtexApps.PauseAsync(1, i)).ToList(), TimeSpan.FromMinutes(2)));

        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
        var left = Directory.GetFileSystemEntries(nodeTemp).Select(Path.GetFileName).ToList();
        Assert.True(left.Count == 0, $"left in the block's temporary folder: {string.Join(", ", left)}; the block's log:\n{BlockLogs()}");
    }

    private string BlockLogs() => string.Join("\n", Directory.GetFiles(RunDirectory, "*.stderr", SearchOption.AllDirectories).Select(File.ReadAllText));

    private static string[] FilesOf(string folder, int pid) =>
        [.. Directory.GetFileSystemEntries(folder, $"clr-debug-pipe-{pid}-*"), .. Directory.GetFileSystemEntries(folder, $"dotnet-diagnostic-{pid}-*")];
}
