using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// SIGHUP: the terminal or the ssh session a run was started from goes away. The run ends as after SIGTERM (its
/// commands stopped, its checkpoint and executors closed, exit code 129) though nobody is left to read its last line;
/// under nohup it goes on.
/// </summary>
public sealed class HangUpTests
{
    [Fact]
    public async Task A_run_whose_terminal_hangs_up_stops_its_commands_and_exits_with_129()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-hangup-").FullName;
        try
        {
            // script(1) gives the run a terminal of its own; killing script closes it, which is what a dropped ssh session
            // does: the kernel sends SIGHUP to the session's leader, a shell that passes it on to the jobs it started (as
            // a login shell does), and every write to the terminal fails from then on. The shell also keeps the run's
            // exit code.
            await File.WriteAllTextAsync(Path.Combine(workingDirectory, "run.sh"), """
                trap 'kill -HUP $run' HUP
                dotnet "$1" --steps 300 --executor threads &
                run=$!
                wait $run # returns when the trap has run
                wait $run
                echo $? > exit-code

                """);
            var start = new ProcessStartInfo("script")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true, // held open: script ends at the end of its input
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "--quiet", "--flush", "--command", $"bash run.sh {ChildProcess.Assembly("SimulateAnalyze")}", "/dev/null" })
                start.ArgumentList.Add(argument);
            using var terminal = Process.Start(start)!;
            _ = terminal.StandardOutput.ReadToEndAsync();
            var terminalErrors = terminal.StandardError.ReadToEndAsync();
            await Poll.UntilAsync(() => Directory.Exists(Path.Combine(workingDirectory, "output")) || terminal.HasExited, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
                "the workflow to start on its terminal");
            if (!Directory.Exists(Path.Combine(workingDirectory, "output")))
                Assert.Fail("script ended before the workflow started: " + await terminalErrors);

            ChildProcess.Signal(terminal.Id, ChildProcess.SigKill);

            var exitCode = Path.Combine(workingDirectory, "exit-code");
            await Poll.UntilAsync(() => File.Exists(exitCode) && File.ReadAllText(exitCode).EndsWith('\n'), TestTimings.Scaled(TimeSpan.FromSeconds(30)),
                "the workflow to end after its terminal hung up");
            // 129 (not 134, a crash on the summary's write to the dead terminal), and the log shows it was the run's own
            // exit: a process the signal killed outright also gives 129, but cancels nothing and logs no end.
            Assert.Equal("129", File.ReadAllText(exitCode).Trim());
            var log = await File.ReadAllTextAsync(Path.Combine(workingDirectory, "runinfo", "000", "parsl.log"));
            Assert.Contains("Cancellation requested (SIGHUP)", log, StringComparison.Ordinal);
            Assert.Contains("Run finished in", log, StringComparison.Ordinal);
            await Poll.UntilAsync(() => WorkerProcesses.WorkingIn(workingDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(5)),
                "every process working in the run's directory (simulations, their sleeps) to end: " + string.Join(", ", WorkerProcesses.WorkingIn(workingDirectory)));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_started_under_nohup_goes_on_through_a_hang_up()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-nohup-").FullName;
        try
        {
            var start = new ProcessStartInfo("nohup")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true, // not a terminal, so nohup says nothing of it
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "dotnet", ChildProcess.Assembly("SimulateAnalyze"), "--steps", "20", "--executor", "threads" })
                start.ArgumentList.Add(argument);
            using var workflow = Process.Start(start)!; // nohup execs the program: the same process
            var stdout = workflow.StandardOutput.ReadToEndAsync();
            var stderr = workflow.StandardError.ReadToEndAsync();
            await Poll.UntilAsync(() => Directory.Exists(Path.Combine(workingDirectory, "output")) || workflow.HasExited, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
                "the workflow to start");
            if (!Directory.Exists(Path.Combine(workingDirectory, "output")))
                Assert.Fail($"the workflow ended before it started: {await stderr}{await stdout}");

            ChildProcess.Signal(workflow.Id, ChildProcess.SigHup);

            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(120)));
            await workflow.WaitForExitAsync(timeout.Token);
            Assert.True(workflow.ExitCode == 0, $"exit code {workflow.ExitCode}: {await stderr}");
            Assert.Contains("10 simulations, average value", await stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("SIGHUP", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
