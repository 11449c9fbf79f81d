using Parsl.Events;
using static Parsl.Events.RunEventKind;

namespace Parsl.Tests;

/// <summary>The worker-process executor reports its blocks and managers, and where each try runs, beside the kernel's events.</summary>
public sealed class HtexEventTests : HtexRunTest
{
    [Fact]
    public async Task Blocks_managers_and_the_worker_of_each_try_are_reported()
    {
        var recorder = new EventRecorder();
        var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [Htex(blocks: 1, workers: 1)],
            RunDirectory = RunDirectory,
            ExitOnCtrlC = false,
            Observers = [recorder],
        });
        var square = HtexApps.SquareAsync(6);
        Assert.Equal(36, await square);
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();

        var blockEvents = recorder.Events.Where(e => e.Block is not null).Select(e => e.Kind).ToList();
        Assert.Equal([BlockRequested, ManagerConnected, BlockStarted, BlockReleased], blockEvents.Distinct());
        var requested = recorder.Events.Single(e => e.Kind == BlockRequested);
        Assert.Equal(("htex", "0"), (requested.Executor, requested.Block));
        Assert.False(string.IsNullOrEmpty(requested.Job));
        var started = recorder.Events.Single(e => e.Kind == TryStarted && e.TaskId == square.TaskId);
        Assert.StartsWith("manager 1 (block 0, ", started.Where);
        Assert.Equal(RunFinished, recorder.Events.Last().Kind);
    }
}
