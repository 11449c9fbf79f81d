using Parsl.Executors;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>Providers that throw, and settings that could never start a block: no spin, no task left waiting for ever.</summary>
public sealed class HtexProviderFaultTests : HtexRunTest
{
    [Fact]
    public async Task A_provider_that_throws_backs_off_fails_the_waiting_tasks_with_its_words_and_is_tried_again_later()
    {
        var provider = new SwitchableProvider { Failing = true };
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = provider,
            Scaling = new BlockScaling { InitBlocks = 1, MaxBlocks = 1 },
            ScalingInterval = TimeSpan.FromMilliseconds(20),
            SubmitRetryDelay = TimeSpan.FromMilliseconds(200),
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(7).AsTask().WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.Contains("could not start any block: 3 blocks in a row failed to start", failure.Message);
        Assert.Contains("IOException: qsub: cannot connect to server pbs01 (errno=111)", failure.Message);
        Assert.DoesNotContain("..", failure.Message);
        Assert.True(provider.Submissions.Count >= 3);
        Assert.True(provider.Submissions[2] - provider.Submissions[1] >= TimeSpan.FromMilliseconds(400), "the delays grow: no spin");

        // Not broken for good: once the scheduler answers again, a later task gets a block.
        provider.Failing = false;
        Assert.Equal(64, await AfterTheBackOffAsync(() => HtexApps.SquareAsync(8)));
        Assert.True(provider.Submissions.Count < 10, $"{provider.Submissions.Count} submissions: failed ones must back off, not spin");
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task An_executor_whose_blocks_ran_before_is_never_broken_for_good_by_a_run_of_failed_submissions()
    {
        var provider = new SwitchableProvider();
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = provider,
            Scaling = new BlockScaling { InitBlocks = 1, MaxBlocks = 1 },
            MaxWorkersPerNode = 1,
            ScalingInterval = TimeSpan.FromMilliseconds(20),
            SubmitRetryDelay = TimeSpan.FromMilliseconds(100),
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        });
        Assert.Equal(4, await HtexApps.SquareAsync(2));

        // The scheduler goes away, and so does the only block (its manager killed: its block is given up).
        provider.Failing = true;
        var manager = WorkerProcesses.Managers(RunDirectory).Single();
        ChildProcess.Signal(manager, ChildProcess.SigKill);
        await Poll.UntilAsync(() => ChildProcess.HasEnded(manager), "the manager to die");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(3).AsTask().WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("cannot connect to server pbs01", failure.Message);

        // The scheduler is back: the next task gets a block, after the back-off.
        provider.Failing = false;
        Assert.Equal(16, await AfterTheBackOffAsync(() => HtexApps.SquareAsync(4)));
        Assert.True(provider.Submissions.Count < 12, $"{provider.Submissions.Count} submissions: the failed ones must back off, not spin");
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task Parallelism_zero_with_no_minimum_block_is_refused_when_the_config_is_loaded()
    {
        var htex = new HighThroughputExecutor("htex") { Scaling = new BlockScaling { InitBlocks = 0, MinBlocks = 0, MaxBlocks = 2, Parallelism = 0 } };

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => LoadAsync(htex));

        Assert.Contains("Executor 'htex': Parallelism 0 keeps only MinBlocks blocks, and MinBlocks is 0", refusal.Message);
        Assert.Contains("no block would ever start", refusal.Message);
    }

    [Fact]
    public async Task A_tunnel_asked_of_a_provider_that_cannot_open_one_is_refused_at_load_saying_what_would()
    {
        var htex = new HighThroughputExecutor("htex") { TunnelThroughChannel = true, Provider = new LocalProvider() };

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(htex));

        Assert.Contains("HighThroughputExecutor 'htex': TunnelThroughChannel is on: The local provider cannot open a reverse tunnel: give it an SSH channel", refusal.Message);
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_block_the_scheduler_reports_failed_but_keeps_queued_is_removed_from_the_queue()
    {
        var provider = new HoldingProvider();
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = provider,
            Scaling = new BlockScaling { InitBlocks = 1, MaxBlocks = 1 },
            ScalingInterval = TimeSpan.FromMilliseconds(20),
        });

        // Held, as HTCondor holds a job whose input is missing: a failed block, but a job still in the queue.
        await Poll.UntilAsync(() => provider.Removed.Contains("held-0"), "the held job to be removed while the run goes on");
        await kernel.DisposeAsync();
    }

    /// <summary>A scheduler that holds every job: reported failed, queued until removed.</summary>
    private sealed class HoldingProvider : IExecutionProvider
    {
        private int _next;

        public System.Collections.Concurrent.ConcurrentBag<string> Removed { get; } = [];

        public string Name => "holding";

        public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult($"held-{Interlocked.Increment(ref _next) - 1}");

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(jobIds.ToDictionary(id => id,
                id => Removed.Contains(id) ? new BlockStatus(BlockState.Cancelled, null, "removed") : new BlockStatus(BlockState.Failed, null, "held (see condor_q -hold)")));

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
        {
            foreach (var id in jobIds)
                Removed.Add(id);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// The result of a task submitted once the back-off after the failed starts has passed: a task submitted while it
    /// runs fails at once with the last reason (what the executor promises); one submitted after it gets a new block.
    /// </summary>
    private static async Task<int> AfterTheBackOffAsync(Func<AppFuture<int>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().AsTask().WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (InvalidOperationException failure) when (failure.Message.Contains("could not start any block", StringComparison.Ordinal) && attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A local provider whose scheduler can be switched off: then every submission throws what a dead qsub says.</summary>
    private sealed class SwitchableProvider : IExecutionProvider
    {
        private readonly LocalProvider _local = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public volatile bool Failing;

        public List<TimeSpan> Submissions { get; } = [];

        public string Name => "switchable";

        public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            lock (Submissions)
                Submissions.Add(_clock.Elapsed);
            // An ordinary exception, not BlockSubmissionException: the executor must treat it the same way.
            if (Failing)
                throw new IOException("qsub: cannot connect to server pbs01 (errno=111).");
            return _local.SubmitAsync(request, cancellationToken);
        }

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
            _local.StatusAsync(jobIds, cancellationToken);

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => _local.CancelAsync(jobIds, cancellationToken);

        public ValueTask DisposeAsync() => _local.DisposeAsync();
    }
}
