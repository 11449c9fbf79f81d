using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// A PBS-family provider against stand-in qsub, qstat and qdel (tests/Parsl.Tests/StandIns/&lt;scheduler&gt;) that print
/// what the scheduler's documentation shows, awkward cases included: finished jobs still listed, jobs the server forgot,
/// jobs killed by qdel, a busy server, a refused submission. Each scheduler's class says what differs.
/// </summary>
public abstract class PbsFamilyProviderTests : IDisposable
{
    private readonly StandInChannel _pbs;
    private readonly string _logs = Directory.CreateTempSubdirectory("parsl-pbs-logs-").FullName;

    protected PbsFamilyProviderTests(string scheduler) => _pbs = new StandInChannel(scheduler);

    /// <summary>The provider, with queue workq, account proj42, 8 cores and 16 GB per node, exclusive, jobs in /scratch/run.</summary>
    protected abstract PbsFamilyProvider Provider(Parsl.Channels.IChannel channel);

    /// <summary>The id the stand-in gives the first job.</summary>
    protected abstract string FirstJobId { get; }

    /// <summary>The resource lines a two-node block's script must hold.</summary>
    protected abstract string[] ResourceLines { get; }

    /// <summary>The state letter of a job that ended but is still listed.</summary>
    protected abstract string EndedState { get; }

    /// <summary>The start of the status command, as errors quote it.</summary>
    protected abstract string StatusCommand { get; }

    public void Dispose()
    {
        _pbs.Dispose();
        Directory.Delete(_logs, recursive: true);
        GC.SuppressFinalize(this);
    }

    private PbsFamilyProvider Provider() => Provider(_pbs);

    private BlockRequest Request(int nodes = 2) => new("echo manager", "parsl.htex.block-0", _logs, TimeSpan.FromHours(25.5), nodes);

    [Fact]
    public async Task A_block_is_a_pbs_script_with_resources_walltime_queue_and_account()
    {
        var id = await Provider().SubmitAsync(Request(), CancellationToken.None);

        Assert.Equal(FirstJobId, id);
        var script = await File.ReadAllTextAsync(Path.Combine(_pbs.State, FirstJobId + ".script"));
        foreach (var line in ResourceLines.Concat(["#PBS -N parsl.htex.block-0", $"#PBS -o {_logs}/parsl.htex.block-0.stdout", "#PBS -l walltime=25:30:00",
                     "#PBS -q workq", "#PBS -A proj42", "cd /scratch/run", "echo manager"]))
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("cd /scratch/run", StringComparison.Ordinal) > script.LastIndexOf("#PBS", StringComparison.Ordinal), "directives come before the first command");
    }

    [Fact]
    public async Task States_come_from_one_qstat_and_ended_forgotten_and_killed_jobs_are_told_apart()
    {
        var pbs = Provider();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
            ids.Add(await pbs.SubmitAsync(Request(1), CancellationToken.None));
        _pbs.Set(ids[1], "R");
        _pbs.Set(ids[2], EndedState, exit: 0);
        _pbs.Set(ids[3], EndedState, exit: 3);
        _pbs.Set(ids[4], EndedState, exit: 271);
        _pbs.Forget(ids[5]);

        var statuses = await pbs.StatusAsync(ids, CancellationToken.None);

        Assert.Equal(BlockState.Pending, statuses[ids[0]].State);
        Assert.Equal(BlockState.Running, statuses[ids[1]].State);
        Assert.Equal(BlockState.Completed, statuses[ids[2]].State);
        Assert.Equal((BlockState.Failed, 3), (statuses[ids[3]].State, statuses[ids[3]].ExitCode));
        Assert.Equal(BlockState.Cancelled, statuses[ids[4]].State);
        Assert.Equal(BlockState.Unknown, statuses[ids[5]].State);
    }

    [Fact]
    public async Task A_busy_server_fails_the_poll_with_qstats_words_and_the_next_poll_works()
    {
        var pbs = Provider();
        var id = await pbs.SubmitAsync(Request(1), CancellationToken.None);
        _pbs.FailNext(15034, "cannot connect to server standin (errno=15034)");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => pbs.StatusAsync([id], CancellationToken.None).AsTask());

        Assert.Contains(StatusCommand, failure.Message);
        Assert.Contains("cannot connect to server", failure.Message);
        Assert.Equal(BlockState.Pending, (await pbs.StatusAsync([id], CancellationToken.None))[id].State);
    }

    [Fact]
    public async Task A_refused_submission_names_the_command_exit_code_and_message()
    {
        _pbs.FailNext(170, "Unknown queue");

        var failure = await Assert.ThrowsAsync<BlockSubmissionException>(() => Provider().SubmitAsync(Request(), CancellationToken.None).AsTask());

        Assert.Contains("qsub ", failure.Message);
        Assert.Contains("exit code 170", failure.Message);
        Assert.Contains("Unknown queue", failure.Message);
    }

    [Fact]
    public async Task Cancelling_finished_or_forgotten_jobs_is_no_error_and_running_ones_end_cancelled()
    {
        var pbs = Provider();
        var running = await pbs.SubmitAsync(Request(1), CancellationToken.None);
        var finished = await pbs.SubmitAsync(Request(1), CancellationToken.None);
        var forgotten = await pbs.SubmitAsync(Request(1), CancellationToken.None);
        _pbs.Set(running, "R");
        _pbs.Set(finished, EndedState, exit: 0);
        _pbs.Forget(forgotten);

        await pbs.CancelAsync([running, finished, forgotten], CancellationToken.None);

        Assert.Equal(BlockState.Cancelled, (await pbs.StatusAsync([running], CancellationToken.None))[running].State);
    }
}

/// <summary>PBS Professional: <c>select</c> chunks, <c>place=scatter:excl</c>, <c>qstat -f -F json -x</c> (Reference Guide 2022.1).</summary>
public sealed class PbsProProviderTests() : PbsFamilyProviderTests("pbspro")
{
    protected override PbsFamilyProvider Provider(Parsl.Channels.IChannel channel) =>
        new PbsProProvider { Channel = channel, Queue = "workq", Account = "proj42", CoresPerNode = 8, MemoryPerNodeGb = 16, Exclusive = true, WorkingDirectory = "/scratch/run" };

    protected override string FirstJobId => "101.standin";

    protected override string[] ResourceLines => ["#PBS -l select=2:ncpus=8:mem=16gb", "#PBS -l place=scatter:excl"];

    protected override string EndedState => "F";

    protected override string StatusCommand => "qstat -f -F json -x";
}

/// <summary>TORQUE: <c>nodes=N:ppn=C</c>, <c>-n</c> for exclusive nodes, <c>qstat -x</c> XML (Administrator Guide 6.1).</summary>
public sealed class TorqueProviderTests() : PbsFamilyProviderTests("torque")
{
    protected override PbsFamilyProvider Provider(Parsl.Channels.IChannel channel) =>
        new TorqueProvider { Channel = channel, Queue = "workq", Account = "proj42", CoresPerNode = 8, MemoryPerNodeGb = 16, Exclusive = true, WorkingDirectory = "/scratch/run" };

    protected override string FirstJobId => "301.torque";

    protected override string[] ResourceLines => ["#PBS -l nodes=2:ppn=8", "#PBS -l mem=32gb", "#PBS -n"];

    protected override string EndedState => "C";

    protected override string StatusCommand => "qstat -x";
}
