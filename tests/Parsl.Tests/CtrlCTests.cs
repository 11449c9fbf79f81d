using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>Runs a real workflow (the SimulateAnalyze sample) as a child process and interrupts it.</summary>
public sealed class CtrlCTests
{
    [Theory]
    [InlineData("threads", "Ctrl-C")]
    [InlineData("htex", "Ctrl-C")]
    [InlineData("threads", "SIGTERM")]
    [InlineData("threads", "SIGHUP")]
    public async Task A_signal_cancels_running_bash_apps_and_exits_promptly_with_a_one_line_summary(string executor, string signal)
    {
        var (number, exitCode) = signal switch
        {
            "Ctrl-C" => (ChildProcess.SigInt, 130),
            "SIGTERM" => (ChildProcess.SigTerm, 143),
            _ => (ChildProcess.SigHup, 129),
        };
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-ctrlc-").FullName;
        try
        {
            // Each simulation sleeps 30 s (--steps 300): only a cancellation ends the run quickly.
            using var workflow = ChildProcess.Start("SimulateAnalyze", workingDirectory, ChildProcess.OwnTemporaryFolder(workingDirectory), "--steps", "300", "--executor", executor);
            var stderr = workflow.StandardError.ReadToEndAsync();
            var stdout = workflow.StandardOutput.ReadToEndAsync();
            // The output folder is made by the first simulation's redirection: the kernel is loaded and listens for signals.
            await Poll.UntilAsync(() => Directory.Exists(Path.Combine(workingDirectory, "output")), TimeSpan.FromSeconds(30), "the workflow to start");

            var clock = Stopwatch.StartNew();
            ChildProcess.Signal(workflow, number);
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
            await workflow.WaitForExitAsync(timeout.Token);

            Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"exit took {clock.Elapsed}");
            Assert.Equal(exitCode, workflow.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var summary = Assert.Single(lines);
            Assert.StartsWith($"parsl: {signal}: cancelled the run after", summary);
            Assert.Contains("0 done", summary);
            Assert.Contains("parsl.log", summary);
            Assert.Equal("", await stdout);
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(workingDirectory, "output")), f => new FileInfo(f).Length > 0);
            // Nothing of the run is left: no manager, no worker, no simulation still sleeping.
            await Poll.UntilAsync(() => WorkerProcesses.Remaining(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(workingDirectory)));
            await Poll.UntilAsync(() => WorkerProcesses.WorkingIn(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process working in the run's directory (simulations, their sleeps) to end: " + string.Join(", ", WorkerProcesses.WorkingIn(workingDirectory)));
            // The folders the workflow and its workers captured the simulations' stderr in go with them.
            await Poll.UntilAsync(() => ChildProcess.CaptureFoldersLeft(workingDirectory).Length == 0, TestTimings.Scaled(TimeSpan.FromSeconds(10)),
                "the stderr capture folders to be removed: " + string.Join(", ", ChildProcess.CaptureFoldersLeft(workingDirectory)));
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

    [ServiceFact("podman")]
    public Task Ctrl_C_during_a_bash_app_in_an_image_leaves_no_container() =>
        CtrlCInContainerAsync("bash", "parsl.app", _ => "Parsl.ResumeProbe.ContainerRun.Sleep");

    [ServiceFact("podman")]
    public Task Ctrl_C_during_a_code_app_on_a_worker_inside_an_image_leaves_no_container() =>
        CtrlCInContainerAsync("code", "parsl.run", workingDirectory => Path.Combine(workingDirectory, "runinfo", "000"));

    [ServiceFact("podman")]
    public async Task A_workflow_killed_outright_leaves_no_workers_container_behind()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-kill-container-").FullName;
        var run = Path.Combine(workingDirectory, "runinfo", "000");
        try
        {
            using var workflow = await StartAsleepInContainerAsync(workingDirectory, "code", "parsl.run", run, new System.Text.StringBuilder());

            ChildProcess.Signal(workflow, ChildProcess.SigKill);
            await workflow.WaitForExitAsync();

            // Nothing cancels the block now: its manager sees the connection to the dead workflow close and exits (or, were
            // the workflow's machine silently gone, after the probe's 5 s heartbeat threshold); --rm removes the container.
            await Poll.UntilAsync(() => PodmanContainers.OfLabel("parsl.run", run).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
                "the orphaned block's container to go: " + string.Join(", ", PodmanContainers.OfLabel("parsl.run", run)));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_workflow_killed_outright_stops_its_bash_apps_and_what_they_started()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-kill-orphan-").FullName;
        try
        {
            var stderr = new System.Text.StringBuilder();
            using var workflow = await StartAsleepAsync(workingDirectory, stderr, ChildProcess.OwnTemporaryFolder(workingDirectory), "orphan");
            Assert.Single(ChildProcess.CaptureFoldersLeft(workingDirectory));
            var pids = new[] { "shell", "child" }.Select(name => int.Parse(File.ReadAllText(Path.Combine(workingDirectory, name)), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.DoesNotContain(pids, ChildProcess.HasEnded);

            ChildProcess.Signal(workflow, ChildProcess.SigKill);

            // Nothing of the workflow is left to stop them: its guard sees it gone without a word and stops every process
            // it marked as the workflow's, here the app's shell and the child the shell left in the background.
            await Poll.UntilAsync(() => pids.All(ChildProcess.HasEnded), TestTimings.Scaled(TimeSpan.FromSeconds(30)),
                $"the killed workflow's bash app ({string.Join(", ", pids)}) to be stopped");
            await Poll.UntilAsync(() => { lock (stderr) return stderr.ToString().Contains("ended without stopping what it had started; stopped 2 of its processes", StringComparison.Ordinal); },
                TestTimings.Scaled(TimeSpan.FromSeconds(10)), "the guard to say what it stopped: " + stderr);
            // And the folder the app's stderr was captured in, which the killed workflow could not remove itself.
            Assert.Empty(ChildProcess.CaptureFoldersLeft(workingDirectory));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [ServiceFact("podman")]
    public async Task A_workflow_killed_outright_leaves_no_bash_apps_container_behind()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-kill-container-").FullName;
        const string Label = "parsl.app", App = "Parsl.ResumeProbe.ContainerRun.Sleep";
        try
        {
            var stderr = new System.Text.StringBuilder();
            using var workflow = await StartAsleepInContainerAsync(workingDirectory, "bash", Label, App, stderr);

            ChildProcess.Signal(workflow, ChildProcess.SigKill);

            // podman keeps a container without its client (here an orphan now); the guard removes it by its owner label.
            await Poll.UntilAsync(() => PodmanContainers.OfLabel(Label, App).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
                "the killed workflow's container to go: " + string.Join(", ", PodmanContainers.OfLabel(Label, App)));
            await Poll.UntilAsync(() => { lock (stderr) return stderr.ToString().Contains("removed 1 of its containers", StringComparison.Ordinal); },
                TestTimings.Scaled(TimeSpan.FromSeconds(10)), "the guard to say what it removed: " + stderr);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>Interrupts the probe once its app sleeps in a container; then <c>podman ps -a</c> finds none of the run's.</summary>
    private static async Task CtrlCInContainerAsync(string what, string label, Func<string, string> valueOf)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-ctrlc-container-").FullName;
        var value = valueOf(workingDirectory);
        try
        {
            var stderr = new System.Text.StringBuilder();
            using var workflow = await StartAsleepInContainerAsync(workingDirectory, what, label, value, stderr);

            ChildProcess.Signal(workflow, ChildProcess.SigInt);
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
            await workflow.WaitForExitAsync(timeout.Token);

            Assert.Equal(130, workflow.ExitCode);
            await Poll.UntilAsync(() => PodmanContainers.OfLabel(label, value).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(30)),
                $"no container labelled {label}={value} in any state: " + string.Join(", ", PodmanContainers.OfLabel(label, value)));
            lock (stderr)
                Assert.StartsWith("parsl: Ctrl-C: cancelled the run after", stderr.ToString());
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>Starts the probe's container run (<paramref name="what"/>: bash or code) and returns once its app sleeps
    /// in a running container labelled <paramref name="label"/>=<paramref name="value"/>; its stderr goes to <paramref name="stderr"/>.</summary>
    private static async Task<System.Diagnostics.Process> StartAsleepInContainerAsync(
        string workingDirectory, string what, string label, string value, System.Text.StringBuilder stderr)
    {
        var workflow = await StartAsleepAsync(workingDirectory, stderr, new Dictionary<string, string>(), "container", what);
        Assert.NotEmpty(PodmanContainers.OfLabel(label, value, runningOnly: true));
        return workflow;
    }

    /// <summary>Starts the probe with <paramref name="arguments"/> and returns once its app has written <c>asleep</c> in
    /// <paramref name="workingDirectory"/>; its stderr goes to <paramref name="stderr"/>.</summary>
    private static async Task<System.Diagnostics.Process> StartAsleepAsync(string workingDirectory, System.Text.StringBuilder stderr,
        IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var workflow = ChildProcess.Start("Parsl.ResumeProbe", workingDirectory, environment, arguments);
        // Read as they come, never awaited to their end: a runtime's helper may hold the pipes open after the exit.
        workflow.ErrorDataReceived += (_, line) => { lock (stderr) stderr.AppendLine(line.Data); };
        workflow.BeginErrorReadLine();
        workflow.OutputDataReceived += (_, _) => { };
        workflow.BeginOutputReadLine();
        await Poll.UntilAsync(() => File.Exists(Path.Combine(workingDirectory, "asleep")) || workflow.HasExited, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
            "the app to fall asleep");
        Assert.False(workflow.HasExited, $"the probe ended early: {stderr}");
        return workflow;
    }
}
