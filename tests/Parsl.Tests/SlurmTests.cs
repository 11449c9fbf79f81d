using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The pilot-job executor with its blocks submitted as jobs to the real single-node Slurm that <c>.ci/run</c> starts
/// (<c>.ci/services/start-slurm.sh</c>).
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class SlurmTests
{
    private static SchedulerRun Run() => new(workerInit => new SlurmProvider { WorkerInit = workerInit }, LiveJobsAsync);

    /// <summary>The run's jobs Slurm lists as pending or running (squeue's default states), as "id name state".</summary>
    internal static async Task<IReadOnlyList<string>> LiveJobsAsync(string prefix) =>
        [.. (await SchedulerRun.OutputOfAsync("squeue --noheader --format='%i %j %T'")).Split('\n').Where(line => line.Contains(prefix, StringComparison.Ordinal))];

    [ServiceFact("slurm")]
    public async Task Blocks_run_as_slurm_jobs_scale_out_to_two_and_leave_nothing_queued_after_shutdown()
    {
        await using var run = Run();
        await run.ScalesOutToTwoJobsAndLeavesNothingQueuedAsync();
    }

    [ServiceFact("slurm")]
    public async Task A_block_that_fails_under_slurm_fails_the_waiting_tasks_with_its_stderr()
    {
        await using var run = Run();
        await run.AFailingBlockFailsTheWaitingTasksWithItsStderrAsync();
    }
}

/// <summary>Tests that submit to the machine's schedulers run one at a time: two would compete for its two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerCollection
{
    public const string Name = "real schedulers";
}
