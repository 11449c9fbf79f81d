using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The Cobalt provider against stand-in qsub, qstat and qdel (tests/Parsl.Tests/StandIns/cobalt) that print what the
/// ALCF Cobalt user guide documents: finished jobs simply vanish, qdel says nothing of unknown ids.
/// </summary>
public sealed class CobaltProviderTests : IDisposable
{
    private readonly StandInChannel _cobalt = new("cobalt");
    private readonly string _logs = Directory.CreateTempSubdirectory("parsl-cobalt-logs-").FullName;

    public void Dispose()
    {
        _cobalt.Dispose();
        Directory.Delete(_logs, recursive: true);
    }

    private CobaltProvider Provider() => new() { Channel = _cobalt, Queue = "debug-cache-quad", Account = "proj42", WorkingDirectory = "/scratch/run" };

    private BlockRequest Request(TimeSpan? walltime = null) => new("echo manager", "parsl.htex.block-0", _logs, walltime, Nodes: 2);

    [Fact]
    public async Task A_block_is_a_cobalt_script_with_nodes_minutes_queue_and_project()
    {
        Assert.Equal("501", await Provider().SubmitAsync(Request(TimeSpan.FromMinutes(29.5)), CancellationToken.None));

        var script = await File.ReadAllTextAsync(Path.Combine(_cobalt.State, "501.script"));
        foreach (var line in new[] { "#COBALT --jobname parsl.htex.block-0", "#COBALT -n 2", "#COBALT -t 30", "#COBALT --cwd /scratch/run", "#COBALT -q debug-cache-quad", "#COBALT -A proj42", "echo manager" })
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        Assert.Contains("#COBALT -t 60\n", await SubmitAndReadAsync(walltime: null), StringComparison.Ordinal); // Cobalt needs a limit
    }

    private async Task<string> SubmitAndReadAsync(TimeSpan? walltime)
    {
        var id = await Provider().SubmitAsync(Request(walltime), CancellationToken.None);
        return await File.ReadAllTextAsync(Path.Combine(_cobalt.State, id + ".script"));
    }

    [Fact]
    public async Task States_are_read_by_column_name_and_finished_jobs_vanish()
    {
        var cobalt = Provider();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add(await cobalt.SubmitAsync(Request(), CancellationToken.None));
        _cobalt.Set(ids[1], "running");
        _cobalt.Set(ids[2], "user_hold");
        _cobalt.Forget(ids[3]);

        var statuses = await cobalt.StatusAsync(ids, CancellationToken.None);

        Assert.Equal(BlockState.Pending, statuses[ids[0]].State);
        Assert.Equal(BlockState.Running, statuses[ids[1]].State);
        Assert.Equal(BlockState.Pending, statuses[ids[2]].State);
        Assert.Equal(BlockState.Unknown, statuses[ids[3]].State);
    }

    [Fact]
    public async Task Refusals_and_unreadable_output_say_what_cobalt_said()
    {
        _cobalt.FailNext(1, "No such queue: nosuch");
        var refused = await Assert.ThrowsAsync<BlockSubmissionException>(() => Provider().SubmitAsync(Request(), CancellationToken.None).AsTask());
        Assert.Contains("No such queue", refused.Message);

        var cobalt = Provider();
        var id = await cobalt.SubmitAsync(Request(), CancellationToken.None);
        _cobalt.FailNext(1, "failed to connect to queue manager");
        Assert.Contains("failed to connect to queue manager", (await Assert.ThrowsAsync<InvalidOperationException>(() => cobalt.StatusAsync([id], CancellationToken.None).AsTask())).Message);
    }

    [Fact]
    public async Task Cancelling_known_and_vanished_jobs_succeeds()
    {
        var cobalt = Provider();
        var id = await cobalt.SubmitAsync(Request(), CancellationToken.None);

        await cobalt.CancelAsync([id, "999"], CancellationToken.None);

        Assert.Equal(BlockState.Unknown, (await cobalt.StatusAsync([id], CancellationToken.None))[id].State);
    }
}
