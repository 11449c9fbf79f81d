using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The HTCondor provider against stand-in condor_submit, condor_q, condor_history and condor_rm
/// (tests/Parsl.Tests/StandIns/condor) that print what the HTCondor Manual documents, awkward cases included.
/// </summary>
public sealed class CondorProviderTests : IDisposable
{
    private readonly StandInChannel _condor = new("condor");
    private readonly string _logs = Directory.CreateTempSubdirectory("parsl-condor-logs-").FullName;

    public void Dispose()
    {
        _condor.Dispose();
        Directory.Delete(_logs, recursive: true);
    }

    private CondorProvider Provider() => new() { Channel = _condor, CoresPerNode = 4, MemoryPerNodeGb = 8, Account = "group_physics", WorkingDirectory = "/scratch/run", SubmitOptions = "requirements = (OpSysMajorVer == 9)" };

    private BlockRequest Request(int nodes = 1) => new("echo manager", "parsl.htex.block-0", _logs, TimeSpan.FromMinutes(30), nodes);

    [Fact]
    public async Task A_block_is_a_script_described_to_condor_submit_on_its_stdin()
    {
        var id = await Provider().SubmitAsync(Request(), CancellationToken.None);

        Assert.Equal("401.0", id);
        var description = await File.ReadAllTextAsync(Path.Combine(_condor.State, "401.0.submit"));
        foreach (var line in new[] { $"executable = {_logs}/parsl.htex.block-0.sh", $"output = {_logs}/parsl.htex.block-0.stdout", "initialdir = /scratch/run",
                     "request_cpus = 4", "request_memory = 8 GB", "accounting_group = group_physics", "requirements = (OpSysMajorVer == 9)",
                     "periodic_remove = (JobStatus == 2) && (time() - EnteredCurrentStatus > 1800)", "queue 1" })
            Assert.Contains(line + "\n", description, StringComparison.Ordinal);
        Assert.EndsWith("echo manager\n", await File.ReadAllTextAsync(Path.Combine(_logs, "parsl.htex.block-0.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_of_several_nodes_is_refused_with_what_to_do() =>
        Assert.Contains("set NodesPerBlock to 1", (await Assert.ThrowsAsync<BlockSubmissionException>(() => Provider().SubmitAsync(Request(nodes: 2), CancellationToken.None).AsTask())).Message);

    [Fact]
    public async Task States_come_from_condor_q_and_jobs_that_left_it_from_condor_history()
    {
        var condor = Provider();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
            ids.Add(await condor.SubmitAsync(Request(), CancellationToken.None));
        _condor.Set(ids[1], "2");
        _condor.Set(ids[2], "5");
        _condor.Set(ids[3], "4", exit: 0);
        _condor.LeaveQueue(ids[3]);
        _condor.Set(ids[4], "4", exit: 2);
        _condor.LeaveQueue(ids[4]);
        _condor.Forget(ids[5]);

        var statuses = await condor.StatusAsync(ids, CancellationToken.None);

        Assert.Equal(BlockState.Pending, statuses[ids[0]].State);
        Assert.Equal(BlockState.Running, statuses[ids[1]].State);
        Assert.Equal(BlockState.Failed, statuses[ids[2]].State);
        Assert.Contains("held", statuses[ids[2]].Message);
        Assert.Equal(BlockState.Completed, statuses[ids[3]].State);
        Assert.Equal((BlockState.Failed, 2), (statuses[ids[4]].State, statuses[ids[4]].ExitCode));
        Assert.Equal(BlockState.Unknown, statuses[ids[5]].State);
    }

    [Fact]
    public async Task A_refused_submission_and_an_unreachable_schedd_say_what_condor_said()
    {
        _condor.FailNext(1, "Failed to connect to local queue manager");
        var refused = await Assert.ThrowsAsync<BlockSubmissionException>(() => Provider().SubmitAsync(Request(), CancellationToken.None).AsTask());
        Assert.Contains("condor_submit -terse", refused.Message);
        Assert.Contains("Failed to connect to local queue manager", refused.Message);

        var condor = Provider();
        var id = await condor.SubmitAsync(Request(), CancellationToken.None);
        _condor.FailNext(1, "schedd at <127.0.0.1:9618> (connection refused)");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => condor.StatusAsync([id], CancellationToken.None).AsTask());
        Assert.Contains("connection refused", failure.Message);
    }

    [Fact]
    public async Task Cancelling_removes_queued_jobs_and_jobs_no_longer_there_are_no_error()
    {
        var condor = Provider();
        var queued = await condor.SubmitAsync(Request(), CancellationToken.None);
        var gone = await condor.SubmitAsync(Request(), CancellationToken.None);
        _condor.Set(gone, "4", exit: 0);
        _condor.LeaveQueue(gone);

        await condor.CancelAsync([queued, gone], CancellationToken.None);

        Assert.Equal(BlockState.Cancelled, (await condor.StatusAsync([queued], CancellationToken.None))[queued].State);
    }
}
