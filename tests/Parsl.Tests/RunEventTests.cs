using Microsoft.Extensions.Logging;
using Parsl.Events;
using Parsl.Executors;
using static Parsl.Events.RunEventKind;

namespace Parsl.Tests;

/// <summary>The kernel reports everything a run does to its observers: each task's life, in order, from the start of the run to its end.</summary>
public sealed class RunEventTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-events-").FullName;

    public RunEventTests() => CacheTestApps.Executions.Clear();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private ParslConfig Config(params IRunObserver[] observers) => new()
    {
        Executors = [new ThreadPoolExecutor("local", 2)],
        RunDirectory = Path.Combine(_scratch, "runinfo"),
        ExitOnCtrlC = false,
        Observers = observers,
        Retries = 1,
    };

    [Fact]
    public async Task Every_task_reports_its_life_in_order_and_the_run_its_start_and_end()
    {
        var recorder = new EventRecorder();
        AppFuture<int> first, second, cached, again;
        using var gate = new ManualResetEventSlim();
        AppFuture<string> flaky;
        AppFuture<int> skipped;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(recorder)))
        {
            first = TestApps.BlockUntilAsync(gate); // still running when second is called: second waits for it
            second = TestApps.AddAsync(first, 10);
            gate.Set();
            cached = CacheTestApps.SquareAsync(5);
            await cached;
            again = CacheTestApps.SquareAsync(5);
            flaky = RetryTestApps.FlakyWithConfigRetriesAsync("events", failures: 1);
            skipped = TestApps.AddAsync(TestApps.FailAsync("upstream"), 1);
            await Task.WhenAll(second.AsTask(), again.AsTask(), flaky.AsTask());
            await Assert.ThrowsAnyAsync<Exception>(() => skipped.AsTask());
        }

        Assert.Equal(RunStarted, recorder.Events.First().Kind);
        Assert.Equal(RunFinished, recorder.Events.Last().Kind);
        Assert.Equal([TaskSubmitted, DependenciesResolved, TryLaunched, TryStarted, TrySucceeded, TaskCompleted], recorder.KindsOf(first.TaskId));
        Assert.Equal([TaskSubmitted, DependenciesResolved, TryLaunched, TryStarted, TrySucceeded, TaskCompleted], recorder.KindsOf(second.TaskId));
        Assert.Equal(1, recorder.Events.Single(e => e.TaskId == second.TaskId && e.Kind == TaskSubmitted).Inputs);
        Assert.Equal([TaskSubmitted, DependenciesResolved, MemoHit, TaskCompleted], recorder.KindsOf(again.TaskId));
        Assert.Equal(
            [TaskSubmitted, DependenciesResolved, TryLaunched, TryStarted, TryFailed, RetryScheduled, TryLaunched, TryStarted, TrySucceeded, TaskCompleted],
            recorder.KindsOf(flaky.TaskId));
        var retry = recorder.Events.Single(e => e.TaskId == flaky.TaskId && e.Kind == RetryScheduled);
        Assert.Equal((1, "local"), (retry.Try, retry.Executor));
        Assert.StartsWith("parsl-local-", recorder.Events.First(e => e.TaskId == flaky.TaskId && e.Kind == TryStarted).Where);
        Assert.IsType<IOException>(retry.Exception);
        var done = recorder.Events.Single(e => e.TaskId == skipped.TaskId && e.Kind == TaskCompleted);
        Assert.Equal(TaskState.DependencyFailed, done.State);
        Assert.IsType<DependencyFailedException>(done.Exception);
        Assert.All(recorder.Events, e => Assert.NotEqual(default, e.Time));
    }

    [Fact]
    public async Task An_observer_added_to_a_running_kernel_sees_from_then_on_until_it_is_disposed()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config());
        var recorder = new EventRecorder();
        var before = await TestApps.AddAsync(1, 1);
        AppFuture<int> during;
        using (kernel.Observe(recorder))
        {
            during = TestApps.AddAsync(2, 2);
            await during;
        }
        var after = TestApps.AddAsync(3, 3);
        await after;

        Assert.Equal(2, before);
        Assert.Equal(TaskCompleted, recorder.KindsOf(during.TaskId)[^1]);
        Assert.Empty(recorder.KindsOf(after.TaskId));
    }

    [Fact]
    public async Task An_observer_that_throws_is_removed_and_logged_and_the_run_goes_on()
    {
        var logging = new CapturingLoggerFactory();
        var recorder = new EventRecorder();
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(new Throwing(), recorder) with { LoggerFactory = logging }))
            Assert.Equal(7, await TestApps.AddAsync(3, 4));

        Assert.Contains(recorder.Events, e => e.Kind == RunFinished);
        Assert.True(logging.Contains(LogLevel.Error, "Run observer Throwing threw on RunStarted and was removed; the run goes on"), string.Join("\n", logging.Lines));
    }

    private sealed class Throwing : IRunObserver
    {
        public void OnEvent(in RunEvent e) => throw new InvalidOperationException("observer bug");
    }
}
