using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>
/// Nodes that freeze, workers killed faster than they start, launching shells that die, managers that hold the wrong
/// secret: attacks on the pilot-job executor from outside, with real processes. Every run must complete (or fail with
/// the reason) and leave no process behind.
/// </summary>
public sealed partial class HtexNodeFaultTests : HtexRunTest
{
    [Fact]
    public async Task A_frozen_manager_has_its_block_cancelled_and_replaced_and_the_run_completes()
    {
        var logging = new CapturingLoggerFactory();
        // One block, as by default: nothing can take over its tasks unless it is replaced.
        var kernel = await LoadAsync(Htex(blocks: 1, workers: 2, heartbeatThreshold: TestTimings.FrozenManagerThreshold), logging);
        var futures = Enumerable.Range(0, 12).Select(i => HtexApps.PauseAsync(300, i)).ToList();
        await Poll.UntilAsync(() => futures.Count(f => f.State == TaskState.Running) == 2, "a task to run on each worker");
        var victim = WorkerProcesses.Managers(RunDirectory).Single();
        var itsWorkers = WorkerProcesses.Workers([victim]);

        // A node that hangs while its batch job still shows as running: the provider says nothing is wrong.
        ChildProcess.Signal(victim, ChildProcess.SigStop);

        Assert.Equal(Enumerable.Range(0, 12), await AllAsync(futures, TimeSpan.FromMinutes(3)));
        Assert.True(logging.Contains(LogLevel.Warning, "lost a manager; cancelling the block"), string.Join("\n", logging.Lines));
        await Poll.UntilAsync(() => ChildProcess.HasEnded(victim) && itsWorkers.All(ChildProcess.HasEnded), "the frozen manager and its workers to be gone");
        Assert.Equal(49, await HtexApps.SquareAsync(7));
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_frozen_block_process_group_is_cancelled_and_replaced_and_the_run_completes()
    {
        var kernel = await LoadAsync(Htex(blocks: 2, workers: 1, heartbeatThreshold: TestTimings.FrozenManagerThreshold));
        // Tries long enough to be seen running (a manager sends a lone start within 100 ms).
        var futures = Enumerable.Range(0, 24).Select(i => HtexApps.PauseAsync(300, i)).ToList();
        // Both blocks registered and running a task each: the one frozen holds a try that only its loss can free.
        await Poll.UntilAsync(() => futures.Count(f => f.State == TaskState.Running) == 2, "a task to run on each block");
        var manager = WorkerProcesses.Managers(RunDirectory)[0];
        var group = ChildProcess.ProcessGroup(manager);
        var frozen = WorkerProcesses.Workers([manager]).Append(manager).ToList();

        ChildProcess.Signal(-group, ChildProcess.SigStop); // the whole block: its shell, manager and workers

        Assert.Equal(Enumerable.Range(0, 24), await AllAsync(futures, TimeSpan.FromMinutes(3)));
        await Poll.UntilAsync(() => frozen.All(ChildProcess.HasEnded), "every process of the frozen block to be gone");
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task Killing_a_worker_every_100_ms_over_20000_tasks_loses_nothing_and_never_breaks_the_executor()
    {
        var kernel = await LoadAsync(Htex(blocks: 2, workers: 2, prefetch: 4, lossRetries: 1000));
        // 2 ms each: the run lasts long enough that workers are often killed while they start, as on a busy node.
        var futures = Enumerable.Range(0, 20_000).Select(i => HtexApps.PauseAsync(2, i + 1)).ToList();
        var kills = await KillWorkersUntilAsync(Task.WhenAll(futures.Select(f => f.AsTask())), TimeSpan.FromMilliseconds(100), seed: 5);

        var values = await AllAsync(futures, TimeSpan.FromSeconds(1));
        Assert.Equal(Enumerable.Range(1, 20_000), values);
        Assert.True(kills >= 10, $"only {kills} workers were killed; the test needs the run to outlast many kills");
        Assert.All(futures, f => Assert.Equal(TaskState.Done, f.State));
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_manager_whose_launching_shell_is_killed_leaves_and_its_block_is_replaced_within_MaxBlocks()
    {
        var kernel = await LoadAsync(Htex(blocks: 1, workers: 1));
        Assert.Equal(4, await HtexApps.SquareAsync(2));
        var manager = WorkerProcesses.Managers(RunDirectory).Single();
        var shell = ParentOf(manager);

        ChildProcess.Signal(shell, ChildProcess.SigKill);

        await Poll.UntilAsync(() => ChildProcess.HasEnded(manager), "the orphaned manager to notice and leave");
        Assert.Equal(9, await HtexApps.SquareAsync(3)); // on a new block: MaxBlocks is 1, so the old one is gone for the executor too
        Assert.Single(WorkerProcesses.Managers(RunDirectory));
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_manager_with_another_runs_token_is_told_it_was_refused_and_why()
    {
        var logging = new CapturingLoggerFactory();
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = new ForgedTokenProvider(),
            Scaling = new BlockScaling { InitBlocks = 1, MaxBlocks = 1 },
            MaxBlockStartFailures = 1,
            ScalingInterval = TimeSpan.FromMilliseconds(100),
        }, logging);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(3).AsTask());

        Assert.Contains("could not start any block", failure.Message);
        Assert.True(logging.Contains(LogLevel.Warning, "refused a manager that did not present this run's secret"), string.Join("\n", logging.Lines));
        var stderr = File.ReadAllText(Directory.GetFiles(RunDirectory, "*.stderr", SearchOption.AllDirectories).Single());
        Assert.Contains("the interchange refused this manager: it did not present this run's token", stderr);
        Assert.DoesNotContain("registered with the interchange", stderr);
        Assert.DoesNotContain("the workflow is gone", stderr);
        Assert.DoesNotContain("..", failure.Message);
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    private static int ParentOf(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Local blocks whose managers read a secret with the right server key and another run's token.</summary>
    private sealed partial class ForgedTokenProvider : IExecutionProvider
    {
        private readonly LocalProvider _local = new();

        public string Name => "forged-token";

        public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            var match = SecretFile().Match(request.Command);
            Assert.True(match.Success, request.Command);
            var path = match.Groups[1].Value.Trim('\'');
            var real = RunSecret.ReadFrom(path);
            var forged = path + ".forged";
            new RunSecret(real.Transport, real.ServerKey, RunSecret.NewToken()).WriteTo(forged);
            return _local.SubmitAsync(request with { Command = request.Command.Replace(match.Groups[1].Value, ShellCommand.Quote(forged), StringComparison.Ordinal) }, cancellationToken);
        }

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
            _local.StatusAsync(jobIds, cancellationToken);

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => _local.CancelAsync(jobIds, cancellationToken);

        public ValueTask DisposeAsync() => _local.DisposeAsync();

        [GeneratedRegex(@"--secret-file ('[^']*'|\S+)")]
        private static partial Regex SecretFile();
    }
}
