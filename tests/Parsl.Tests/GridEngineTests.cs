using System.Xml.Linq;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The pilot-job executor with its blocks submitted as jobs to the real single-node Grid Engine that <c>.ci/run</c>
/// starts (<c>.ci/services/start-sge.sh</c>).
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class GridEngineTests
{
    private static SchedulerRun Run() => new(workerInit => new GridEngineProvider { WorkerInit = workerInit }, LiveJobsAsync);

    /// <summary>The run's jobs qstat lists (queued, running or being deleted), as "id name state".</summary>
    private static async Task<IReadOnlyList<string>> LiveJobsAsync(string prefix)
    {
        var xml = XDocument.Parse(await SchedulerRun.OutputOfAsync("qstat -xml"));
        string Field(XElement job, string name) => job.Elements().First(e => e.Name.LocalName == name).Value;
        return [.. xml.Descendants().Where(e => e.Name.LocalName == "job_list")
            .Select(job => $"{Field(job, "JB_job_number")} {Field(job, "JB_name")} {Field(job, "state")}")
            .Where(line => line.Contains(prefix, StringComparison.Ordinal))];
    }

    [ServiceFact("sge")]
    public async Task Blocks_run_as_grid_engine_jobs_scale_out_to_two_and_leave_nothing_queued_after_shutdown()
    {
        await using var run = Run();
        await run.ScalesOutToTwoJobsAndLeavesNothingQueuedAsync();
    }

    [ServiceFact("sge")]
    public async Task A_block_that_fails_under_grid_engine_fails_the_waiting_tasks_with_its_stderr()
    {
        await using var run = Run();
        await run.AFailingBlockFailsTheWaitingTasksWithItsStderrAsync();
    }
}
