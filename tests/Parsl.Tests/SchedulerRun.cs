using Parsl.Channels;
using Parsl.Executors;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>
/// One run of the pilot-job executor whose blocks are jobs of a real scheduler on this machine, and the scenarios every
/// scheduler's tests go through: results from its jobs, scale-out to two blocks, nothing of the run left in its queue
/// or the process table after shutdown, and a failing block's stderr in the waiting tasks' error.
/// </summary>
internal sealed class SchedulerRun(Func<string?, IExecutionProvider> provider, Func<string, Task<IReadOnlyList<string>>> liveJobs) : IAsyncDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-scheduler-").FullName;
    private readonly string _label = "sched" + Guid.NewGuid().ToString("N")[..8];
    private DataFlowKernel? _kernel;

    /// <summary>This run's job names start with this: the scheduler's queue is shared with other runs.</summary>
    private string JobPrefix => $"parsl.{_label}.block-";

    private async Task<DataFlowKernel> LoadAsync(int initBlocks, int maxBlocks, string? workerInit = null) =>
        _kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors =
            [
                new HighThroughputExecutor(_label)
                {
                    Provider = provider(workerInit),
                    Scaling = new BlockScaling { InitBlocks = initBlocks, MinBlocks = 0, MaxBlocks = maxBlocks },
                    MaxWorkersPerNode = 1,
                    HeartbeatPeriod = TestTimings.HeartbeatPeriod,
                    HeartbeatThreshold = TestTimings.HeartbeatThreshold,
                    ScalingInterval = TimeSpan.FromMilliseconds(500),
                    MaxBlockStartFailures = 1,
                },
            ],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
        });

    public async Task ScalesOutToTwoJobsAndLeavesNothingQueuedAsync()
    {
        var kernel = await LoadAsync(initBlocks: 0, maxBlocks: 2);

        var futures = Enumerable.Range(0, 16).Select(i => HtexApps.PauseAsync(400, i)).ToList();
        IReadOnlyList<string> live = [];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((live = await liveJobs(JobPrefix)).Count < 2)
        {
            Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(60)), $"expected two jobs of the run in the queue, saw: {string.Join("; ", live)}");
            await Task.Delay(100);
        }

        Assert.Equal(Enumerable.Range(0, 16), await Task.WhenAll(futures.Select(f => f.AsTask())));
        var pids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => HtexApps.WorkerPidAsync(50).AsTask()));
        Assert.DoesNotContain(Environment.ProcessId, pids);

        await kernel.DisposeAsync();
        clock.Restart();
        while ((live = await liveJobs(JobPrefix)).Count > 0)
        {
            Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(30)), $"jobs of the run still queued after shutdown: {string.Join("; ", live)}");
            await Task.Delay(100);
        }
        // Nor any process: a job the scheduler cancelled must not leave its manager or workers running.
        await Poll.UntilAsync(() => WorkerProcesses.Remaining(_scratch).Count == 0, TimeSpan.FromSeconds(30),
            "every manager and worker of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(_scratch)));
    }

    public async Task AFailingBlockFailsTheWaitingTasksWithItsStderrAsync()
    {
        var kernel = await LoadAsync(initBlocks: 1, maxBlocks: 1, workerInit: "echo 'module load: no such module dotnet' >&2; exit 3");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(3).AsTask());

        Assert.Contains("could not start any block", failure.Message);
        Assert.Contains("no such module dotnet", failure.Message);
        await kernel.DisposeAsync();
    }

    /// <summary>Runs a command here and returns its stdout; fails the test if it fails.</summary>
    public static async Task<string> OutputOfAsync(string command)
    {
        var result = await new LocalChannel().ExecuteAsync(command, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"'{command}' failed: {result.Output}");
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_kernel is not null)
            await _kernel.ShutdownAsync(cancelOutstanding: true);
        Directory.Delete(_scratch, recursive: true);
    }
}
