namespace Parsl.Tests;

/// <summary>
/// The probe's run whose bash app ignores SIGTERM (<c>Parsl.ResumeProbe stubborn</c>), in a scratch folder of its own:
/// once cancelled it shuts down for seconds, waiting for the SIGKILL after the grace period.
/// </summary>
internal sealed class StubbornRun : ProbeRun
{
    /// <param name="how"><c>awaited</c> or <c>left</c>: whether the script awaits its app or leaves it to the kernel's disposal.</param>
    private StubbornRun(string how) : base("parsl-stubborn-", "stubborn", how)
    {
    }

    public static StubbornRun Start(string how) => new(how);

    public static int ExitCode(string signal) => signal == "Ctrl-C" ? 130 : 129;

    public void Signal(string signal) => ChildProcess.Signal(Process, signal == "Ctrl-C" ? ChildProcess.SigInt : ChildProcess.SigHup);

    public async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
        await Process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>
    /// The app's command ignored SIGTERM; it is gone all the same, killed after the grace period by the run, or by the
    /// orphan guard of a process that ended at once.
    /// </summary>
    public Task WaitForItsCommandToEndAsync() =>
        Poll.UntilAsync(() => WorkerProcesses.WorkingIn(WorkingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(10)),
            "the bash app's command to end: " + string.Join(", ", WorkerProcesses.WorkingIn(WorkingDirectory)));
}
