using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>Runs a real workflow (the SimulateAnalyze sample) as a child process and interrupts it.</summary>
public sealed class CtrlCTests
{
    [Theory]
    [InlineData("threads")]
    [InlineData("htex")]
    public async Task Ctrl_C_cancels_running_bash_apps_and_exits_promptly_with_a_one_line_summary(string executor)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-ctrlc-").FullName;
        try
        {
            // Each simulation sleeps 30 s (--steps 300): only a cancellation ends the run quickly.
            using var workflow = ChildProcess.Start("SimulateAnalyze", workingDirectory, "--steps", "300", "--executor", executor);
            var stderr = workflow.StandardError.ReadToEndAsync();
            var stdout = workflow.StandardOutput.ReadToEndAsync();
            // The output folder is made by the first simulation's redirection: the kernel is loaded and listens for signals.
            await Poll.UntilAsync(() => Directory.Exists(Path.Combine(workingDirectory, "output")), TimeSpan.FromSeconds(30), "the workflow to start");

            var clock = Stopwatch.StartNew();
            ChildProcess.Signal(workflow, ChildProcess.SigInt);
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
            await workflow.WaitForExitAsync(timeout.Token);

            Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"exit took {clock.Elapsed}");
            Assert.Equal(130, workflow.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var summary = Assert.Single(lines);
            Assert.StartsWith("parsl: Ctrl-C: cancelled the run after", summary);
            Assert.Contains("0 done", summary);
            Assert.Contains("parsl.log", summary);
            Assert.Equal("", await stdout);
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(workingDirectory, "output")), f => new FileInfo(f).Length > 0);
            // Nothing of the run is left: no manager, no worker, no simulation still sleeping.
            await Poll.UntilAsync(() => WorkerProcesses.Remaining(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(workingDirectory)));
            await Poll.UntilAsync(() => WorkerProcesses.WorkingIn(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process working in the run's directory (simulations, their sleeps) to end: " + string.Join(", ", WorkerProcesses.WorkingIn(workingDirectory)));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("submit", "submitting")]
    [InlineData("executor", "starting")]
    public async Task Ctrl_C_while_the_executors_start_cancels_the_run_with_its_summary(string where, string cue)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-ctrlc-start-").FullName;
        try
        {
            using var workflow = ChildProcess.Start("Parsl.ResumeProbe", workingDirectory, "slow-start", where);
            var stderr = workflow.StandardError.ReadToEndAsync();
            var firstLine = await workflow.StandardOutput.ReadLineAsync().WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
            Assert.Equal(cue, firstLine); // the block is being submitted, or the executor is starting, right now

            ChildProcess.Signal(workflow, ChildProcess.SigInt);
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
            await workflow.WaitForExitAsync(timeout.Token);

            Assert.Equal(130, workflow.ExitCode);
            var summary = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("parsl: Ctrl-C: cancelled the run after", summary);
            Assert.DoesNotContain("started", await workflow.StandardOutput.ReadToEndAsync());
            await Poll.UntilAsync(() => WorkerProcesses.Remaining(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(workingDirectory)));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
