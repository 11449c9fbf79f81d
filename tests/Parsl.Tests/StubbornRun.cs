using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// The probe's run whose bash app ignores SIGTERM (<c>Parsl.ResumeProbe stubborn</c>), in a scratch folder of its own:
/// once cancelled it shuts down for seconds, waiting for the SIGKILL after the grace period.
/// </summary>
internal sealed class StubbornRun : IDisposable
{
    private readonly string _workingDirectory;

    private StubbornRun(string workingDirectory, Process process)
    {
        _workingDirectory = workingDirectory;
        Process = process;
        Stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
    }

    public Process Process { get; }

    /// <summary>Everything the run wrote on stderr, once it and every process holding its stderr (the orphan guard) ended.</summary>
    public Task<string> Stderr { get; }

    public string Log => File.ReadAllText(Path.Combine(_workingDirectory, "runinfo", "000", "parsl.log"));

    /// <param name="how"><c>awaited</c> or <c>left</c>: whether the script awaits its app or leaves it to the kernel's disposal.</param>
    public static StubbornRun Start(string how)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-stubborn-").FullName;
        return new StubbornRun(workingDirectory,
            ChildProcess.Start("Parsl.ResumeProbe", workingDirectory, ChildProcess.OwnTemporaryFolder(workingDirectory), "stubborn", how));
    }

    public static int ExitCode(string signal) => signal == "Ctrl-C" ? 130 : 129;

    /// <summary>Waits for the probe to write <paramref name="file"/> (<c>asleep</c>, <c>disposing</c>).</summary>
    public async Task WaitForAsync(string file)
    {
        await Poll.UntilAsync(() => File.Exists(Path.Combine(_workingDirectory, file)) || Process.HasExited, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
            $"the probe to write {file}");
        if (Process.HasExited)
            Assert.Fail($"the probe ended before it wrote {file} (exit code {Process.ExitCode}): {await Stderr}");
    }

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
        Poll.UntilAsync(() => WorkerProcesses.WorkingIn(_workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(10)),
            "the bash app's command to end: " + string.Join(", ", WorkerProcesses.WorkingIn(_workingDirectory)));

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
