using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The LSF provider against stand-in bsub, bjobs and bkill (tests/Parsl.Tests/StandIns/lsf) that print what the IBM
/// Spectrum LSF Command Reference documents, awkward cases included.
/// </summary>
public sealed class LsfProviderTests : IDisposable
{
    private readonly StandInChannel _lsf = new("lsf");
    private readonly string _logs = Directory.CreateTempSubdirectory("parsl-lsf-logs-").FullName;

    public void Dispose()
    {
        _lsf.Dispose();
        Directory.Delete(_logs, recursive: true);
    }

    private LsfProvider Provider() => new() { Channel = _lsf, Queue = "batch", Account = "proj42", CoresPerNode = 4, Exclusive = true };

    private BlockRequest Request(int nodes = 1) => new("echo manager", "parsl.htex.block-0", _logs, TimeSpan.FromMinutes(90.5), nodes);

    [Fact]
    public async Task A_block_is_an_lsf_script_read_from_bsubs_stdin()
    {
        var id = await Provider().SubmitAsync(Request(nodes: 2), CancellationToken.None);

        Assert.Equal("201", id);
        var script = await File.ReadAllTextAsync(Path.Combine(_lsf.State, "201.script"));
        foreach (var line in new[] { "#BSUB -J parsl.htex.block-0", "#BSUB -n 8", "#BSUB -R \"span[ptile=4]\"", "#BSUB -W 01:31", "#BSUB -x", "#BSUB -q batch", "#BSUB -P proj42", "echo manager" })
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task States_come_from_one_bjobs_and_finished_and_forgotten_jobs_are_told_apart()
    {
        var lsf = Provider();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add(await lsf.SubmitAsync(Request(), CancellationToken.None));
        _lsf.Set(ids[1], "RUN");
        _lsf.Set(ids[2], "DONE", exit: 0);
        _lsf.Set(ids[3], "EXIT", exit: 3);
        _lsf.Forget(ids[4]);

        var statuses = await lsf.StatusAsync(ids, CancellationToken.None);

        Assert.Equal(BlockState.Pending, statuses[ids[0]].State);
        Assert.Equal(BlockState.Running, statuses[ids[1]].State);
        Assert.Equal(BlockState.Completed, statuses[ids[2]].State);
        Assert.Equal((BlockState.Failed, 3), (statuses[ids[3]].State, statuses[ids[3]].ExitCode));
        Assert.Equal(BlockState.Unknown, statuses[ids[4]].State);
    }

    [Fact]
    public async Task When_lsf_has_forgotten_every_id_the_blocks_vanished_rather_than_the_poll_failing()
    {
        var lsf = Provider();
        var id = await lsf.SubmitAsync(Request(), CancellationToken.None);
        _lsf.Forget(id);

        Assert.Equal(BlockState.Unknown, (await lsf.StatusAsync([id], CancellationToken.None))[id].State);
    }

    [Fact]
    public async Task A_refused_submission_and_a_failing_bjobs_say_what_lsf_said()
    {
        _lsf.FailNext(255, "Queue does not exist");
        var refused = await Assert.ThrowsAsync<BlockSubmissionException>(() => Provider().SubmitAsync(Request(), CancellationToken.None).AsTask());
        Assert.Contains("exit code 255", refused.Message);
        Assert.Contains("Queue does not exist", refused.Message);

        var lsf = Provider();
        var id = await lsf.SubmitAsync(Request(), CancellationToken.None);
        _lsf.FailNext(255, "LSF is down. Please wait");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => lsf.StatusAsync([id], CancellationToken.None).AsTask());
        Assert.Contains("LSF is down", failure.Message);
    }

    [Fact]
    public async Task Cancelling_finished_or_forgotten_jobs_is_no_error()
    {
        var lsf = Provider();
        var running = await lsf.SubmitAsync(Request(), CancellationToken.None);
        var finished = await lsf.SubmitAsync(Request(), CancellationToken.None);
        var forgotten = await lsf.SubmitAsync(Request(), CancellationToken.None);
        _lsf.Set(running, "RUN");
        _lsf.Set(finished, "DONE", exit: 0);
        _lsf.Forget(forgotten);

        await lsf.CancelAsync([running, finished, forgotten], CancellationToken.None);

        Assert.Equal(BlockState.Failed, (await lsf.StatusAsync([running], CancellationToken.None))[running].State);
    }
}
