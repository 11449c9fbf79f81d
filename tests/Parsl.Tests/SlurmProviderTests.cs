using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The Slurm provider's own logic against the outputs the Slurm 22.05 tools print (sbatch, squeue, scancel man pages, and
/// what they printed on the real Slurm these tests' neighbours run against): scripts, ids, states, vanished jobs, errors.
/// </summary>
public sealed class SlurmProviderTests
{
    private static readonly BlockRequest Request = new("echo manager", "parsl.htex.block-0", "/runs/000/blocks", TimeSpan.FromMinutes(90), Nodes: 2);

    [Fact]
    public async Task The_batch_script_carries_the_requested_resources_worker_init_and_command()
    {
        var channel = new ScriptedChannel().Answer(0, "1234\n");
        var slurm = new SlurmProvider
        {
            Channel = channel, Partition = "debug", Account = "proj42", Qos = "high", CoresPerNode = 8, MemoryPerNodeGb = 16, Exclusive = true,
            SchedulerOptions = "#SBATCH --constraint=gpu", WorkerInit = "module load dotnet",
        };

        Assert.Equal("1234", await slurm.SubmitAsync(Request, CancellationToken.None));

        var script = channel.Files["/runs/000/blocks/parsl.htex.block-0.sh"];
        Assert.StartsWith("#!/bin/bash\n#SBATCH --job-name=parsl.htex.block-0\n", script, StringComparison.Ordinal);
        foreach (var line in new[] { "#SBATCH --output=/runs/000/blocks/parsl.htex.block-0.stdout", "#SBATCH --error=/runs/000/blocks/parsl.htex.block-0.stderr",
                     "#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=1", "#SBATCH --cpus-per-task=8", "#SBATCH --mem=16G", "#SBATCH --time=0-01:30:00",
                     "#SBATCH --exclusive", "#SBATCH --partition=debug", "#SBATCH --account=proj42", "#SBATCH --qos=high", "#SBATCH --constraint=gpu" })
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        Assert.EndsWith("module load dotnet\necho manager\n", script, StringComparison.Ordinal);
        Assert.Equal(["sbatch --parsable /runs/000/blocks/parsl.htex.block-0.sh"], channel.Commands);
    }

    [Theory]
    [InlineData("1234", "1234")]
    [InlineData("1234;cluster2", "1234")]
    [InlineData("sbatch: warning: can't honor --ntasks-per-node set to 1\n1234\n", "1234")]
    public async Task Job_ids_are_read_from_what_sbatch_parsable_prints(string stdout, string expected)
    {
        var slurm = new SlurmProvider { Channel = new ScriptedChannel().Answer(0, stdout) };

        Assert.Equal(expected, await slurm.SubmitAsync(Request, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_submission_names_the_command_its_exit_code_and_output()
    {
        var slurm = new SlurmProvider { Channel = new ScriptedChannel().Answer(1, "", "sbatch: error: Batch job submission failed: Invalid partition name specified\n") };

        var failure = await Assert.ThrowsAsync<BlockSubmissionException>(() => slurm.SubmitAsync(Request, CancellationToken.None).AsTask());

        Assert.Contains("sbatch --parsable /runs/000/blocks/parsl.htex.block-0.sh", failure.Message);
        Assert.Contains("exit code 1", failure.Message);
        Assert.Contains("Invalid partition name specified", failure.Message);
    }

    [Fact]
    public async Task A_missing_sbatch_a_timeout_or_output_without_an_id_fail_the_submission_with_what_happened()
    {
        var missing = new SlurmProvider { Channel = new ScriptedChannel().Answer(127, "", "bash: line 1: sbatch: command not found\n") };
        var slow = new SlurmProvider { Channel = new ScriptedChannel().Fail("'sbatch …' did not finish within 30 s and was killed") };
        var odd = new SlurmProvider { Channel = new ScriptedChannel().Answer(0, "Submitted batch job\n") };

        Assert.Contains("sbatch: command not found", (await Assert.ThrowsAsync<BlockSubmissionException>(() => missing.SubmitAsync(Request, CancellationToken.None).AsTask())).Message);
        Assert.Contains("did not finish within 30 s", (await Assert.ThrowsAsync<BlockSubmissionException>(() => slow.SubmitAsync(Request, CancellationToken.None).AsTask())).Message);
        var unreadable = await Assert.ThrowsAsync<BlockSubmissionException>(() => odd.SubmitAsync(Request, CancellationToken.None).AsTask());
        Assert.Contains("printed no job id", unreadable.Message);
        Assert.Contains("Submitted batch job", unreadable.Message);
    }

    [Fact]
    public async Task One_squeue_reports_every_block_and_a_job_gone_from_the_queue_is_unknown()
    {
        var channel = new ScriptedChannel().Answer(0, "11 PENDING Resources\n12 RUNNING None\n13 COMPLETED None\n14 FAILED NonZeroExitCode\n15 CANCELLED None\n16 TIMEOUT None\n");
        var slurm = new SlurmProvider { Channel = channel };

        var statuses = await slurm.StatusAsync(["11", "12", "13", "14", "15", "16", "17"], CancellationToken.None);

        Assert.Equal(["squeue --noheader --states=all --format='%i %T %r' --jobs=11,12,13,14,15,16,17"], channel.Commands);
        Assert.Equal(BlockState.Pending, statuses["11"].State);
        Assert.Contains("Resources", statuses["11"].Message);
        Assert.Equal(BlockState.Running, statuses["12"].State);
        Assert.Equal(BlockState.Completed, statuses["13"].State);
        Assert.Equal(BlockState.Failed, statuses["14"].State);
        Assert.Equal(BlockState.Cancelled, statuses["15"].State);
        Assert.Equal(BlockState.Failed, statuses["16"].State);
        Assert.Equal(BlockState.Unknown, statuses["17"].State);
        Assert.Contains("no longer in the slurm queue", statuses["17"].Message);
    }

    [Fact]
    public async Task When_squeue_knows_none_of_the_ids_every_block_has_vanished_rather_than_the_poll_failing()
    {
        var slurm = new SlurmProvider { Channel = new ScriptedChannel().Answer(1, "", "slurm_load_jobs error: Invalid job id specified\n") };

        var statuses = await slurm.StatusAsync(["21", "22"], CancellationToken.None);

        Assert.All(statuses.Values, s => Assert.Equal(BlockState.Unknown, s.State));
    }

    [Fact]
    public async Task A_failed_poll_says_which_command_failed_and_what_it_printed()
    {
        var slurm = new SlurmProvider { Channel = new ScriptedChannel().Answer(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n") };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => slurm.StatusAsync(["21"], CancellationToken.None).AsTask());

        Assert.Contains("squeue", failure.Message);
        Assert.Contains("Unable to contact slurm controller", failure.Message);
    }

    [Fact]
    public async Task A_failed_block_carries_the_tail_of_its_stderr()
    {
        var channel = new ScriptedChannel().Answer(0, "31\n");
        var slurm = new SlurmProvider { Channel = channel };
        await slurm.SubmitAsync(Request, CancellationToken.None);
        channel.Files["/runs/000/blocks/parsl.htex.block-0.stderr"] = "module: command not found";
        channel.Answer(0, "31 FAILED NonZeroExitCode\n");

        var status = (await slurm.StatusAsync(["31"], CancellationToken.None))["31"];

        Assert.Equal(BlockState.Failed, status.State);
        Assert.Contains("module: command not found", status.Message);
    }

    [Fact]
    public async Task Cancelling_uses_one_scancel_and_jobs_that_already_ended_are_no_error()
    {
        var channel = new ScriptedChannel().Answer(0).Answer(1, "", "scancel: error: Kill job error on job id 41: Job/step already completing or completed\n");
        var slurm = new SlurmProvider { Channel = channel };

        await slurm.CancelAsync(["40", "41"], CancellationToken.None);
        await slurm.CancelAsync(["41"], CancellationToken.None);

        Assert.Equal(["scancel 40 41", "scancel 41"], channel.Commands);
    }

    [Theory]
    [InlineData(30, "0-00:01:00")]
    [InlineData(90 * 60, "0-01:30:00")]
    [InlineData(49 * 3600 + 1, "2-01:01:00")]
    public void Walltimes_are_whole_minutes_in_slurms_form(int seconds, string expected) =>
        Assert.Equal(expected, SlurmProvider.Walltime(TimeSpan.FromSeconds(seconds)));
}
