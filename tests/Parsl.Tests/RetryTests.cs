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
    public async Task After_the_last_try_the_future_throws_that_tries_own_exception_and_the_record_has_every_one()
    {
        await using var kernel = await LoadAsync();
        var flaky = RetryTestApps.FlakyAsync("b", failures: 5);

        var error = await Assert.ThrowsAsync<IOException>(async () => await flaky);

        Assert.Equal("b attempt 3 failed", error.Message);
        Assert.Equal(TaskState.Failed, flaky.State);
        var record = flaky.Record;
        Assert.Equal(3, record.Tries);
        Assert.Equal([1, 2, 3], record.FailedTries.Select(t => t.Number));
        Assert.Equal(["b attempt 1 failed", "b attempt 2 failed", "b attempt 3 failed"], record.FailedTries.Select(t => t.Exception.Message));
        Assert.All(record.FailedTries, t => Assert.Equal("local", t.Executor));
        Assert.All(record.FailedTries, t => Assert.True(t.Ended >= t.Started));
        Assert.Equal(3, record.FailureCost);
    }

    [Fact]
    public async Task The_configs_retries_apply_to_apps_without_their_own()
    {
        await using var kernel = await LoadAsync(retries: 1);

        Assert.Equal("ok", await RetryTestApps.FlakyWithConfigRetriesAsync("c", failures: 1));
        await Assert.ThrowsAsync<IOException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("d", failures: 2));
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

        // Budget 4 at cost 2 per failure: two retries, three tries.
        var flaky = RetryTestApps.FlakyWithConfigRetriesAsync("f", failures: 10);
        await Assert.ThrowsAsync<IOException>(async () => await flaky);

        Assert.Equal(3, flaky.Record.FailedTries.Count);
        Assert.Equal([1, 2, 3], seen.Select(c => c.Attempt));
        Assert.Equal([0.0, 2, 4], seen.Select(c => c.CostSoFar));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"the delays were not applied ({clock.Elapsed})");
    }

    [Fact]
    public async Task A_handler_can_refuse_to_retry()
    {
        await using var kernel = await LoadAsync(retries: 5, handler: _ => RetryDecision.GiveUp);

        var flaky = RetryTestApps.FlakyWithConfigRetriesAsync("g", failures: 10);
        await Assert.ThrowsAsync<IOException>(async () => await flaky);
        Assert.Single(flaky.Record.FailedTries);
    }

    [Fact]
    public async Task A_code_app_that_honours_cancellation_is_stopped_at_its_walltime()
    {
        await using var kernel = await LoadAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AppWalltimeExceededException>(async () => await RetryTestApps.CooperativeAsync());

        Assert.False(error.Abandoned);
        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(3)), $"took {clock.Elapsed}");
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
    public async Task A_retry_handler_that_throws_ends_the_task_with_the_handlers_own_exception_as_in_Parsl()
    {
        await using var kernel = await LoadAsync(retries: 3, handler: _ => throw new FormatException("bad handler"));

        var task = RetryTestApps.FlakyWithConfigRetriesAsync("h", failures: 10);
        var error = await Assert.ThrowsAsync<FormatException>(async () => await task);

        Assert.Equal("bad handler", error.Message);
        // The try the handler was deciding on keeps its own failure on the record.
        var tried = Assert.Single(task.Record.FailedTries);
        Assert.IsNotType<FormatException>(tried.Exception);
    }

    [Fact]
    public async Task A_retry_handler_moves_a_timed_out_task_to_another_executor_with_new_arguments()
    {
        var seen = new List<(string Mirror, int Chunk)>();
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("primary", 1), new ThreadPoolExecutor("backup", 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            // The failover of a real program: a timeout on the primary moves the download to the backup's mirror.
            RetryHandler = context =>
            {
                var arguments = context.Record.ArgumentsAs<(string, int)>();
                lock (seen)
                    seen.Add(arguments);
                if (context.Exception is not AppWalltimeExceededException)
                    return RetryDecision.Default;
                var (_, chunk) = arguments;
                return (RetryDecision.Default with { Executor = "backup" }).WithArguments(("fast-mirror", chunk));
            },
        });

        var download = RetryTestApps.DownloadAsync("slow-mirror", 7);

        Assert.StartsWith("fast-mirror:7 on parsl-backup-", await download);
        var record = download.Record;
        Assert.Equal(2, record.Tries);
        Assert.Equal("backup", record.Executor);
        var timedOut = Assert.Single(record.FailedTries);
        Assert.Equal("primary", timedOut.Executor);
        Assert.IsType<AppWalltimeExceededException>(timedOut.Exception);
        Assert.Equal([new TaskArgument("mirror", "fast-mirror"), new TaskArgument("chunk", 7)], record.Arguments);
        Assert.Equal(("slow-mirror", 7), Assert.Single(seen));
    }

    [Fact]
    public async Task Arguments_of_the_wrong_shape_from_a_retry_handler_fail_the_task_saying_which_shape_is_right()
    {
        await using var kernel = await LoadAsync(retries: 1, handler: _ => RetryDecision.Default.WithArguments(42));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await RetryTestApps.FlakyWithConfigRetriesAsync("shape", failures: 5));

        Assert.Contains("arguments of type Int32, but the app takes (string, int)", error.Message);
    }

    [Fact]
    public async Task Every_future_carries_its_record()
    {
        await using var kernel = await LoadAsync();

        var sum = TestApps.AddAsync(2, 3);
        Assert.Equal(5, await sum);

        var record = sum.Record;
        Assert.Equal(sum.TaskId, record.TaskId);
        Assert.Equal("Parsl.Tests.TestApps.Add", record.App.Id);
        Assert.Equal([new TaskArgument("a", 2), new TaskArgument("b", 3)], record.Arguments);
        Assert.Equal((2, 3), record.ArgumentsAs<(int, int)>());
        Assert.Equal(1, record.Tries);
        Assert.Equal("local", record.Executor);
        Assert.Empty(record.FailedTries);
        Assert.Equal(TaskState.Done, record.State);
        Assert.True(record.Completed >= record.Submitted);
        Assert.Contains("RetryTests.cs:", record.CallSite.ToString());
        Assert.Contains($"task {sum.TaskId} (Parsl.Tests.TestApps.Add) called at RetryTests.cs:", record.ToString());
        Assert.Contains("arguments: a: 2, b: 3", record.ToString());
        Assert.Throws<InvalidCastException>(() => record.ArgumentsAs<(long, long)>());
    }

    [Fact]
    public async Task A_debugger_shows_a_future_as_its_public_record()
    {
        await using var kernel = await LoadAsync();
        var sum = TestApps.AddAsync(2, 3);
        await sum;

        var proxy = typeof(AppFuture).GetCustomAttributes(typeof(System.Diagnostics.DebuggerTypeProxyAttribute), inherit: true)
            .Cast<System.Diagnostics.DebuggerTypeProxyAttribute>().Single();
        var view = Activator.CreateInstance(Type.GetType(proxy.ProxyTypeName)!, sum)!;

        Assert.Equal(5, view.GetType().GetProperty("Result")!.GetValue(view));
        Assert.Equal(TaskState.Done, view.GetType().GetProperty("State")!.GetValue(view));
        Assert.Equal(sum.TaskId, ((TaskRecord)view.GetType().GetProperty("Record")!.GetValue(view)!).TaskId);
        Assert.Equal($"task {sum.TaskId} (Parsl.Tests.TestApps.Add): Done", sum.ToString());
    }
}
