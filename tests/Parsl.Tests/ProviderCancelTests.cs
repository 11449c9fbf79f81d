using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// Every scheduler judges a failed cancel alike: only a command that said every job had already ended counts as done;
/// one that failed saying nothing failed (before, Slurm, LSF, HTCondor and Grid Engine took silence for success).
/// </summary>
public sealed class ProviderCancelTests
{
    public static TheoryData<string, string, bool> Schedulers => new()
    {
        // provider, what its cancel command says about a job that already ended, and whether it says it on stdout
        { "slurm", "scancel: error: Kill job error on job id 11: Job/step already completing or completed", false },
        { "lsf", "Job <11>: Job has already finished", false },
        { "condor", "Job 11.0 not found", false },
        { "gridengine", "denied: job \"11\" does not exist", true },
        { "pbspro", "qdel: Job has finished 11.server", false },
        { "torque", "qdel: Unknown Job Id 11.server", false },
    };

    private static IExecutionProvider Provider(string name, ScriptedChannel channel) => name switch
    {
        "slurm" => new SlurmProvider { Channel = channel },
        "lsf" => new LsfProvider { Channel = channel },
        "condor" => new CondorProvider { Channel = channel },
        "gridengine" => new GridEngineProvider { Channel = channel },
        "pbspro" => new PbsProProvider { Channel = channel },
        "torque" => new TorqueProvider { Channel = channel },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task A_cancel_of_jobs_that_already_ended_is_done_and_a_silent_failure_is_a_failure(string name, string alreadyEnded, bool onStdout)
    {
        var harmless = onStdout ? new ScriptedChannel().Answer(1, stdout: alreadyEnded) : new ScriptedChannel().Answer(1, stderr: alreadyEnded);
        await Provider(name, harmless).CancelAsync(["11"], CancellationToken.None);

        var silent = new ScriptedChannel().Answer(1);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider(name, silent).CancelAsync(["11"], CancellationToken.None).AsTask());
        Assert.Contains("failed with exit code 1", error.Message);

        var other = new ScriptedChannel().Answer(1, stderr: "permission denied");
        await Assert.ThrowsAsync<InvalidOperationException>(() => Provider(name, other).CancelAsync(["11"], CancellationToken.None).AsTask());
    }
}
