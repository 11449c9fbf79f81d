using Microsoft.Extensions.Logging;

namespace Parsl.Tests;

/// <summary>Blocks scale as Parsl users expect (Parsl's htex_auto_scale): with real local blocks, not a model of them.</summary>
public sealed class HtexScalingTests : HtexRunTest
{
    [Fact]
    public async Task One_long_task_keeps_one_block_while_the_blocks_of_the_burst_before_it_are_released()
    {
        var gate = Path.Combine(RunDirectory, "..", "release-the-long-task");
        var kernel = await LoadAsync(Htex(blocks: 3, workers: 1, maxBlocks: 3, maxIdle: TimeSpan.FromMilliseconds(300)));
        await Poll.UntilAsync(() => WorkerProcesses.Managers(RunDirectory).Count == 3, "the three blocks of the burst");
        var burst = Enumerable.Range(0, 6).Select(i => HtexApps.PauseAsync(50, i)).ToList();
        var longTask = HtexApps.HoldUntilAsync(gate, 42);
        Assert.Equal(Enumerable.Range(0, 6), await Task.WhenAll(burst.Select(f => f.AsTask())));

        // One outstanding task needs one block: the idle two go, the one running the task stays.
        await Poll.UntilAsync(() => WorkerProcesses.Managers(RunDirectory).Count == 1, "the idle blocks to be released while the long task runs");
        Assert.Equal(TaskState.Running, longTask.State);

        await File.WriteAllTextAsync(gate, "");
        Assert.Equal(42, await longTask);
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_block_whose_manager_never_connects_is_released_when_not_needed_long_before_the_start_timeout()
    {
        var logging = new CapturingLoggerFactory();
        // The block's shell never gets to start its manager; with nothing outstanding and no idle time allowed, the
        // block is released at once (it used to stay until BlockStartTimeout, 2 minutes, and then count as a failed start).
        var kernel = await LoadAsync(Htex(blocks: 1, maxIdle: TimeSpan.Zero, workerInit: "sleep 600"), logging);

        await Poll.UntilAsync(() => logging.Contains(LogLevel.Information, "releasing idle block 0"), "the never-connecting block to be released");
        var job = BlockJob(logging);
        await Poll.UntilAsync(() => !ProcessIsAlive(job), $"block 0's shell (pid {job}) to be gone");
        Assert.False(logging.Contains(LogLevel.Warning, "failed to start"), string.Join("\n", logging.Lines));
        await kernel.DisposeAsync();
    }

    /// <summary>The job id of block 0 (the local provider's job id is its shell's pid), from the submission log line.</summary>
    private static int BlockJob(CapturingLoggerFactory logging)
    {
        var line = logging.Lines.Select(l => l.Message).First(m => m.Contains("submitted block 0 as job ", StringComparison.Ordinal));
        return int.Parse(line.Split("submitted block 0 as job ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
