using System.Diagnostics;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>What ending a run does with its outstanding tasks (Parsl's exit_mode), and a run that fails on its way out.</summary>
public sealed class ExitModeTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-exit-").FullName;

    private ParslConfig Config(ExitMode mode = ExitMode.Wait) => new()
    {
        Executors = [new ThreadPoolExecutor("local", 2)],
        RunDirectory = Path.Combine(_scratch, "runinfo"),
        ExitOnCtrlC = false,
        PrintFailureReport = false,
        ExitMode = mode,
        CancellationGracePeriod = TimeSpan.FromMilliseconds(500),
    };

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Exit_mode_Cancel_cancels_outstanding_tasks()
    {
        var kernel = await DataFlowKernel.LoadAsync(Config(ExitMode.Cancel));
        // Both threads busy, one more task queued behind them.
        var waiting = new[] { TestApps.WaitForCancellationAsync(), TestApps.WaitForCancellationAsync() };
        var queued = TestApps.AddAsync(1, 2);
        await Poll.UntilAsync(() => waiting.All(w => w.State == TaskState.Running), "both apps to start");
        var clock = Stopwatch.StartNew();

        await kernel.DisposeAsync();

        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(3)), $"disposal took {clock.Elapsed}");
        Assert.All(waiting, w => Assert.Equal(TaskState.Cancelled, w.State));
        Assert.Equal(TaskState.Cancelled, queued.State);
    }

    [Fact]
    public async Task Exit_mode_Skip_returns_at_once_and_leaves_a_stuck_task_behind()
    {
        using var gate = new ManualResetEventSlim(false);
        var kernel = await DataFlowKernel.LoadAsync(Config(ExitMode.Skip));
        var stuck = TestApps.BlockUntilAsync(gate);
        await Poll.UntilAsync(() => stuck.State == TaskState.Running, "the app to start");
        var clock = Stopwatch.StartNew();

        await kernel.DisposeAsync();

        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(1)), $"disposal took {clock.Elapsed}");
        Assert.False(stuck.IsCompleted);
        gate.Set();
    }

    [Fact]
    public async Task An_exception_leaving_RunAsync_cancels_the_run_and_never_waits_for_a_stuck_task()
    {
        using var gate = new ManualResetEventSlim(false);
        AppFuture<int>? stuck = null;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DataFlowKernel.RunAsync(Config(), async kernel =>
        {
            stuck = TestApps.BlockUntilAsync(gate);
            await Poll.UntilAsync(() => stuck.State == TaskState.Running, "the app to start");
            throw new InvalidDataException("the workflow found bad data");
        }));

        Assert.Equal("the workflow found bad data", error.Message);
        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"the failing run took {clock.Elapsed} to end");
        Assert.False(stuck!.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => DataFlowKernel.Current);
        gate.Set();
    }

    [Fact]
    public async Task RunAsync_returns_the_workflows_value_once_its_tasks_are_done()
    {
        AppFuture<int>? slow = null;

        var answer = await DataFlowKernel.RunAsync(Config(), kernel =>
        {
            slow = TestApps.SlowIdentityAsync(7, 200, "slow");
            return Task.FromResult(42);
        });

        Assert.Equal(42, answer);
        Assert.Equal(TaskState.Done, slow!.State);
    }
}
