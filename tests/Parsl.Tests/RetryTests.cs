using Parsl.Executors;

namespace Parsl.Tests;

public sealed class RetryTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-retry-").FullName;

    public RetryTests() => RetryTestApps.Attempts.Clear();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private Task<DataFlowKernel> LoadAsync(int retries = 0, Func<RetryContext, RetryDecision>? handler = null) =>
        DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 2)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Retries = retries,
            RetryHandler = handler,
            PrintFailureReport = false,
        }).AsTask();

    [Fact]
    public async Task A_task_is_retried_until_it_succeeds_within_its_budget()
    {
        await using var kernel = await LoadAsync();

        Assert.Equal("a ok after 3", await RetryTestApps.FlakyAsync("a", failures: 2));
        Assert.Equal(3, RetryTestApps.Attempts["a"]);
    }

    [Fact]
    public async Task After_the_last_attempt_the_failure_carries_every_attempts_exception()
    {
        await using var kernel = await LoadAsync();
        var flaky = RetryTestApps.FlakyAsync("b", failures: 5);

        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(async () => await flaky);

        Assert.Equal(3, error.Attempts.Count);
        Assert.Equal(["b attempt 1 failed", "b attempt 2 failed", "b attempt 3 failed"], error.Attempts.Select(e => e.Message));
        Assert.IsType<IOException>(error.InnerException);
        Assert.Contains($"Task {flaky.TaskId} (Parsl.Tests.RetryTestApps.Flaky) failed on all 3 attempts", error.Message);
        Assert.Equal(TaskState.Failed, flaky.State);
    }

    [Fact]
    public async Task The_configs_retries_apply_to_apps_without_their_own()
    {
        await using var kernel = await LoadAsync(retries: 1);

        Assert.Equal("ok", await RetryTestApps.FlakyWithConfigRetriesAsync("c", failures: 1));
        await Assert.ThrowsAsync<RetriesExhaustedException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("d", failures: 2));
    }

    [Fact]
    public async Task Without_retries_the_original_exception_is_thrown()
    {
        await using var kernel = await LoadAsync();

        await Assert.ThrowsAsync<IOException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("e", failures: 1));
    }

    [Fact]
    public async Task A_retry_handler_prices_failures_and_sets_delays()
    {
        var seen = new List<RetryContext>();
        await using var kernel = await LoadAsync(retries: 4, handler: context =>
        {
            lock (seen)
                seen.Add(context);
            return new RetryDecision(Cost: 2, Delay: TimeSpan.FromMilliseconds(50));
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Budget 4 at cost 2 per failure: two retries, three attempts.
        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("f", failures: 10));

        Assert.Equal(3, error.Attempts.Count);
        Assert.Equal([1, 2, 3], seen.Select(c => c.Attempt));
        Assert.Equal([0.0, 2, 4], seen.Select(c => c.CostSoFar));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"the delays were not applied ({clock.Elapsed})");
    }

    [Fact]
    public async Task A_handler_can_refuse_to_retry()
    {
        await using var kernel = await LoadAsync(retries: 5, handler: _ => RetryDecision.GiveUp);

        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("g", failures: 10));
        Assert.Single(error.Attempts);
    }

    [Fact]
    public async Task A_code_app_that_honours_cancellation_is_stopped_at_its_walltime()
    {
        await using var kernel = await LoadAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AppWalltimeExceededException>(async () => await RetryTestApps.CooperativeAsync());

        Assert.False(error.Abandoned);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains("exceeded its walltime of 0.3 s; it was cancelled", error.Message);
    }

    [Fact]
    public async Task A_code_app_that_ignores_cancellation_is_abandoned_after_the_grace_period()
    {
        using var release = new ManualResetEventSlim(false);
        await using var kernel = await LoadAsync();

        var error = await Assert.ThrowsAsync<AppWalltimeExceededException>(async () => await RetryTestApps.StubbornAsync(release));
        release.Set();

        Assert.True(error.Abandoned);
        Assert.Contains("ignored cancellation and was abandoned", error.Message);
    }

    [Fact]
    public async Task A_retry_delay_does_not_hold_a_worker()
    {
        // One thread: while the flaky task waits out its delay, another task runs on that thread.
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Retries = 1,
            RetryHandler = _ => new RetryDecision(1, TimeSpan.FromSeconds(30)),
            PrintFailureReport = false,
        });
        var flaky = RetryTestApps.FlakyWithConfigRetriesAsync("delayed", failures: 1);
        await Poll.UntilAsync(() => flaky.State == TaskState.WaitingToRetry, "the first try to fail");

        Assert.Equal(3, await TestApps.AddAsync(1, 2).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(TaskState.WaitingToRetry, flaky.State);
        Assert.True(flaky.Cancel());
    }

    [Fact]
    public async Task A_walltime_counts_per_try_and_its_expiry_is_retried()
    {
        await using var kernel = await LoadAsync();

        Assert.Equal(7, await RetryTestApps.SlowFirstTryAsync("walltime"));
        Assert.Equal(2, RetryTestApps.Attempts["walltime"]);
    }

    private Task<DataFlowKernel> LoadLosingAsync() =>
        DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new LosingExecutor("local")],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
        }).AsTask();

    [Fact]
    public async Task A_try_whose_worker_was_lost_is_run_again()
    {
        await using var kernel = await LoadLosingAsync();

        Assert.Equal("lost ran 1 time(s)", await RetryTestApps.CountedAsync("lost"));
    }

    [Fact]
    public async Task Without_retries_a_lost_worker_fails_the_task_with_a_message_that_says_so()
    {
        await using var kernel = await LoadLosingAsync();

        var error = await Assert.ThrowsAsync<WorkerLostException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("never", failures: 0));
        Assert.Contains("the worker running try 1 on executor 'local' was lost: killed by the test", error.Message);
    }

    [Fact]
    public async Task A_retry_handler_that_throws_ends_the_task_and_says_so()
    {
        await using var kernel = await LoadAsync(retries: 3, handler: _ => throw new FormatException("bad handler"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("h", failures: 10));

        Assert.Contains("failed after 1 try: the retry handler (ParslConfig.RetryHandler) threw FormatException: bad handler", error.Message);
        Assert.IsType<FormatException>(error.InnerException);
    }
}
