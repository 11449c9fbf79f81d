using Parsl.Channels;
using Parsl.Executors;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>
/// The pilot-job executor with its blocks submitted as jobs to the real single-node Slurm that <c>.ci/run</c> starts
/// (<c>.ci/services/start-slurm.sh</c>): results, scale-out to two blocks, and an empty queue after shutdown.
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class SlurmTests : IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-slurm-").FullName;
    private readonly string _label = "slurm" + Guid.NewGuid().ToString("N")[..8];
    private DataFlowKernel? _kernel;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_kernel is not null)
            await _kernel.ShutdownAsync(cancelOutstanding: true);
        Directory.Delete(_scratch, recursive: true);
    }

    private HighThroughputExecutor Htex(int initBlocks, int maxBlocks, string? workerInit = null) => new(_label)
    {
        Provider = new SlurmProvider { WorkerInit = workerInit },
        Scaling = new BlockScaling { InitBlocks = initBlocks, MinBlocks = 0, MaxBlocks = maxBlocks },
        MaxWorkersPerNode = 1,
        HeartbeatPeriod = TimeSpan.FromMilliseconds(500),
        HeartbeatThreshold = TimeSpan.FromSeconds(5),
        ScalingInterval = TimeSpan.FromMilliseconds(500),
        MaxBlockStartFailures = 1,
    };

    private async Task<DataFlowKernel> LoadAsync(HighThroughputExecutor htex) =>
        _kernel = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [htex], RunDirectory = Path.Combine(_scratch, "runinfo"), ExitOnCtrlC = false });

    /// <summary>This test's jobs that Slurm still lists as pending or running, as "id state".</summary>
    private async Task<IReadOnlyList<string>> OurLiveJobsAsync()
    {
        var squeue = await new LocalChannel().ExecuteAsync("squeue --noheader --format='%i %j %T'", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(squeue.ExitCode == 0, "squeue failed: " + squeue.Output);
        return [.. squeue.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains($"parsl.{_label}.block-", StringComparison.Ordinal))];
    }

    [SchedulerFact("sbatch")]
    public async Task Blocks_run_as_slurm_jobs_scale_out_to_two_and_leave_nothing_queued_after_shutdown()
    {
        var kernel = await LoadAsync(Htex(initBlocks: 0, maxBlocks: 2));

        var futures = Enumerable.Range(0, 16).Select(i => HtexApps.PauseAsync(400, i)).ToList();
        List<string> running = [];
        await Poll.UntilAsync(() =>
        {
            running = [.. OurLiveJobsAsync().GetAwaiter().GetResult().Where(line => line.EndsWith(" RUNNING", StringComparison.Ordinal))];
            return running.Count == 2;
        }, TimeSpan.FromSeconds(60), "two blocks running as Slurm jobs");

        Assert.Equal(Enumerable.Range(0, 16), await Task.WhenAll(futures.Select(f => f.AsTask())));
        var pids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => HtexApps.WorkerPidAsync(50).AsTask()));
        Assert.DoesNotContain(Environment.ProcessId, pids);

        await kernel.DisposeAsync();
        await Poll.UntilAsync(() => OurLiveJobsAsync().GetAwaiter().GetResult().Count == 0, TimeSpan.FromSeconds(30),
            "every job of the run to leave the queue");
    }

    [SchedulerFact("sbatch")]
    public async Task A_block_that_fails_under_slurm_fails_the_waiting_tasks_with_its_stderr()
    {
        var kernel = await LoadAsync(Htex(initBlocks: 1, maxBlocks: 1, workerInit: "echo 'module load: no such module dotnet' >&2; exit 3"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(3).AsTask());

        Assert.Contains("could not start any block", failure.Message);
        Assert.Contains("no such module dotnet", failure.Message);
        await kernel.DisposeAsync();
    }
}

/// <summary>Tests that submit to the machine's one scheduler run one at a time: two would compete for its two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerCollection
{
    public const string Name = "real schedulers";
}
