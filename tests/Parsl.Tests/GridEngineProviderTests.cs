using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The Grid Engine provider's own logic against what Son of Grid Engine 8.1.9's qsub, qstat -xml, qacct and qdel print
/// (their man pages, and the real Grid Engine the GridEngineTests run against): scripts, ids, states, accounting, errors.
/// </summary>
public sealed class GridEngineProviderTests
{
    private static readonly BlockRequest Request = new("echo manager", "parsl.htex.block-0", "/runs/000/blocks", TimeSpan.FromMinutes(90));

    private const string Qstat = """
        <?xml version='1.0'?>
        <job_info  xmlns:xsd="http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/qstat/qstat.xsd">
          <queue_info>
            <job_list state="running">
              <JB_job_number>11</JB_job_number><JB_name>parsl.htex.block-0</JB_name><state>r</state><slots>1</slots>
            </job_list>
            <job_list state="running">
              <JB_job_number>12</JB_job_number><JB_name>parsl.htex.block-1</JB_name><state>dr</state><slots>1</slots>
            </job_list>
          </queue_info>
          <job_info>
            <job_list state="pending">
              <JB_job_number>13</JB_job_number><JB_name>parsl.htex.block-2</JB_name><state>qw</state><slots>1</slots>
            </job_list>
            <job_list state="pending">
              <JB_job_number>14</JB_job_number><JB_name>parsl.htex.block-3</JB_name><state>Eqw</state><slots>1</slots>
            </job_list>
          </job_info>
        </job_info>
        """;

    [Fact]
    public async Task The_batch_script_carries_the_requested_resources_worker_init_and_command()
    {
        var channel = new ScriptedChannel().Answer(0, "77\n");
        var sge = new GridEngineProvider { Channel = channel, Queue = "all.q", Account = "proj42", CoresPerNode = 4, MemoryPerNodeGb = 8, WorkerInit = "module load dotnet" };

        Assert.Equal("77", await sge.SubmitAsync(Request, CancellationToken.None));

        var script = channel.Files["/runs/000/blocks/parsl.htex.block-0.sh"];
        foreach (var line in new[] { "#$ -S /bin/bash", "#$ -N parsl.htex.block-0", "#$ -o /runs/000/blocks/parsl.htex.block-0.stdout",
                     "#$ -e /runs/000/blocks/parsl.htex.block-0.stderr", "#$ -pe smp 4", "#$ -l h_vmem=8G", "#$ -l h_rt=5400", "#$ -q all.q", "#$ -P proj42" })
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        Assert.EndsWith("module load dotnet\necho manager\n", script, StringComparison.Ordinal);
        Assert.Equal(["qsub -terse /runs/000/blocks/parsl.htex.block-0.sh"], channel.Commands);
    }

    [Fact]
    public async Task A_block_of_several_nodes_is_refused_with_what_to_do()
    {
        var sge = new GridEngineProvider { Channel = new ScriptedChannel() };

        var failure = await Assert.ThrowsAsync<BlockSubmissionException>(() => sge.SubmitAsync(Request with { Nodes = 2 }, CancellationToken.None).AsTask());

        Assert.Contains("set NodesPerBlock to 1", failure.Message);
    }

    [Theory]
    [InlineData("77\n", "77")]
    [InlineData("78.1-4:1\n", "78")]
    public async Task Job_ids_are_read_from_what_qsub_terse_prints(string stdout, string expected) =>
        Assert.Equal(expected, await new GridEngineProvider { Channel = new ScriptedChannel().Answer(0, stdout) }.SubmitAsync(Request, CancellationToken.None));

    [Fact]
    public async Task A_refused_submission_names_the_command_its_exit_code_and_output()
    {
        var sge = new GridEngineProvider { Channel = new ScriptedChannel().Answer(1, "", "Unable to run job: Job was rejected because job requests unknown queue \"nosuch\".\nExiting.\n") };

        var failure = await Assert.ThrowsAsync<BlockSubmissionException>(() => sge.SubmitAsync(Request, CancellationToken.None).AsTask());

        Assert.Contains("qsub -terse", failure.Message);
        Assert.Contains("exit code 1", failure.Message);
        Assert.Contains("unknown queue", failure.Message);
    }

    [Fact]
    public async Task One_qstat_reports_every_block_and_qacct_says_how_one_that_left_the_queue_ended()
    {
        var channel = new ScriptedChannel()
            .Answer(0, Qstat)
            .Answer(0, "==============================================================\nqname        all.q\njobname      parsl.htex.block-4\nfailed       0    \nexit_status  0                   \n")
            .Answer(0, "==============================================================\nfailed       0    \nexit_status  3                   \n")
            .Answer(1, "", "error: job id 17 not found\n");
        var sge = new GridEngineProvider { Channel = channel };

        var statuses = await sge.StatusAsync(["11", "12", "13", "14", "15", "16", "17"], CancellationToken.None);

        Assert.Equal(["qstat -xml", "qacct -j 15", "qacct -j 16", "qacct -j 17"], channel.Commands);
        Assert.Equal(BlockState.Running, statuses["11"].State);
        Assert.Equal(BlockState.Cancelled, statuses["12"].State);
        Assert.Equal(BlockState.Pending, statuses["13"].State);
        Assert.Equal(BlockState.Failed, statuses["14"].State);
        Assert.Equal(BlockState.Completed, statuses["15"].State);
        Assert.Equal(BlockState.Failed, statuses["16"].State);
        Assert.Equal(3, statuses["16"].ExitCode);
        Assert.Equal(BlockState.Unknown, statuses["17"].State);
    }

    [Fact]
    public async Task Output_that_is_not_qstats_xml_fails_the_poll_with_the_command_and_the_output()
    {
        var sge = new GridEngineProvider { Channel = new ScriptedChannel().Answer(0, "error: commlib error: got select error (Connection refused)\n") };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => sge.StatusAsync(["11"], CancellationToken.None).AsTask());

        Assert.Contains("qstat -xml", failure.Message);
        Assert.Contains("commlib error", failure.Message);
    }

    [Fact]
    public async Task Cancelling_uses_one_qdel_and_jobs_that_already_ended_are_no_error()
    {
        var channel = new ScriptedChannel().Answer(0, "root has registered the job 11 for deletion\n").Answer(1, "", "denied: job \"12\" does not exist\n");
        var sge = new GridEngineProvider { Channel = channel };

        await sge.CancelAsync(["11"], CancellationToken.None);
        await sge.CancelAsync(["12"], CancellationToken.None);

        Assert.Equal(["qdel 11", "qdel 12"], channel.Commands);
    }
}
