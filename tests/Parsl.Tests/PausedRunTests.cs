using System.Globalization;

namespace Parsl.Tests;

/// <summary>
/// A run whose processes stop for longer than the heartbeat threshold and then go on: a paused virtual machine, a
/// machine swapping, or a job stopped with Ctrl-Z and resumed with <c>fg</c>. Time a process could not run is not its
/// peers' silence: their messages were waiting in its sockets. A workflow stopped alone looks to its blocks like one
/// that is gone, and they end themselves (nothing outlives a workflow); once it runs again it re-runs their tasks on
/// new blocks. Either way every task completes, and the log raises no false alarm. A workflow stopped while its block
/// starts does not count the pause against the block's start.
/// </summary>
[Collection(BesideCollection.Name)]
public sealed class PausedRunTests
{
    private const int Tasks = 4;

    [Fact]
    public async Task A_run_stopped_whole_for_longer_than_the_heartbeat_threshold_goes_on_without_losing_a_manager()
    {
        using var run = PausedRun.Start();
        await run.WaitForATaskToStartAsync();
        var everyProcess = WorkerProcesses.Descendants(run.Process.Id).Prepend(run.Process.Id).ToList();

        run.Pause(everyProcess);

        var outcomes = await run.OutcomesAsync();
        Assert.All(Enumerable.Range(0, Tasks), i => Assert.Contains($"nap {i}: ok", outcomes, StringComparison.Ordinal));
        Assert.DoesNotContain("lost manager", run.Log, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, Tasks), i => Assert.Equal(1, run.TimesStarted(i))); // nothing ran twice
        // Both sides say why the run stood still.
        Assert.Contains("the workflow's process did not run for", run.Log, StringComparison.Ordinal);
        Assert.Contains("this manager did not run for", run.BlockLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_stopped_alone_loses_its_blocks_and_once_resumed_runs_their_tasks_on_new_ones()
    {
        using var run = PausedRun.Start();
        await run.WaitForATaskToStartAsync();

        run.Pause([run.Process.Id]); // as Ctrl-Z does: a local block runs in a process group of its own

        var outcomes = await run.OutcomesAsync();
        Assert.All(Enumerable.Range(0, Tasks), i => Assert.Contains($"nap {i}: ok", outcomes, StringComparison.Ordinal));
        Assert.Contains("no word from the interchange", run.BlockLog, StringComparison.Ordinal);
        // The manager's goodbye and its connection's close reach the resumed interchange together: one departure, no refusal.
        Assert.DoesNotContain("refused", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_stopped_while_its_block_starts_does_not_count_the_pause_against_the_blocks_start_timeout()
    {
        // The block runs its worker_init for 14 s before its manager starts, under a start timeout of 10 s; the workflow
        // is stopped for 12 s of that. It ran for only ~3 s of the block's start, so the block is kept; counted by the
        // wall clock, the first look after the pause gave it up and started another.
        using var run = new StartingRun();
        await run.WaitForAsync("block-running");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the executor polls its provider every 100 ms: it has seen the block run

        ChildProcess.Signal(run.Process.Id, ChildProcess.SigStop);
        Thread.Sleep(TimeSpan.FromSeconds(12));
        ChildProcess.Signal(run.Process.Id, ChildProcess.SigCont);

        using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(90)));
        await run.Process.WaitForExitAsync(timeout.Token);
        Assert.Contains("hello: ok", await run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("without its manager connecting", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("submitted block 1", run.Log, StringComparison.Ordinal);
    }

    /// <summary>The probe's one-task run on a slowly starting block (<c>Parsl.ResumeProbe starting</c>).</summary>
    private sealed class StartingRun() : ProbeRun("parsl-starting-", "starting", "10", "14");

    /// <summary>The probe's run (<c>Parsl.ResumeProbe frozen</c>) in a scratch folder of its own.</summary>
    private sealed class PausedRun : ProbeRun
    {
        private static readonly TimeSpan Threshold = TestTimings.FrozenManagerThreshold;

        private PausedRun()
            : base("parsl-paused-", "frozen", Tasks.ToString(CultureInfo.InvariantCulture), Threshold.TotalSeconds.ToString(CultureInfo.InvariantCulture))
        {
        }

        public string BlockLog => string.Concat(Directory.GetFiles(Path.Combine(WorkingDirectory, "runinfo", "000", "htex", "htex", "blocks"), "*.stderr").Select(File.ReadAllText));

        public static PausedRun Start() => new();

        public Task WaitForATaskToStartAsync() => WaitForAsync("started-0");

        /// <summary>Stops the processes for three heartbeat thresholds (the pause is what is tested), then lets them go on.</summary>
        public void Pause(IReadOnlyList<int> processes)
        {
            foreach (var pid in processes)
                ChildProcess.Signal(pid, ChildProcess.SigStop);
            Thread.Sleep(Threshold * 3);
            foreach (var pid in processes)
                ChildProcess.Signal(pid, ChildProcess.SigCont);
        }

        /// <summary>What the run printed, once it ended by itself (with exit code 0).</summary>
        public async Task<string> OutcomesAsync()
        {
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(90)));
            await Process.WaitForExitAsync(timeout.Token);
            var stdout = await Stdout;
            Assert.True(Process.ExitCode == 0 && stdout.Contains("done", StringComparison.Ordinal),
                $"exit code {Process.ExitCode}; stdout: {stdout}; stderr: {await Stderr}");
            return stdout;
        }

        public int TimesStarted(int task) => File.ReadAllLines(Path.Combine(WorkingDirectory, $"started-{task}")).Length;
    }
}
