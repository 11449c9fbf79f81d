using Parsl.Executors;

namespace Parsl.Tests;

public sealed class ExecutorTests : KernelTest
{
    protected override IReadOnlyList<IExecutor> Executors => [new ThreadPoolExecutor("midway", maxThreads: 2), new ThreadPoolExecutor("local", maxThreads: 1)];

    [Fact]
    public async Task Apps_pinned_to_a_label_run_on_that_executor()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("parsl-midway-", await TestApps.OnMidwayAsync());
            Assert.StartsWith("parsl-local-", await TestApps.OnLocalAsync());
        }
    }

    [Fact]
    public async Task Unpinned_apps_may_run_on_any_executor()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 10; i++)
            names.Add((await TestApps.ThreadNameAsync())[..12]);

        Assert.Equal(["parsl-local-", "parsl-midway"], names.Order());
    }

    [Fact]
    public void An_app_pinned_to_an_unknown_label_fails_at_the_call_with_a_clear_error()
    {
        var line = new System.Diagnostics.StackFrame(0, true).GetFileLineNumber() + 1;
        var error = Assert.Throws<UnknownExecutorException>(() => TestApps.MisplacedAsync());

        // The call that failed (the line to look at first), then the declaration to change.
        Assert.Contains($"App Parsl.Tests.TestApps.Misplaced (called at ExecutorTests.cs:{line}) is pinned to executor 'nowhere', but the loaded config defines only 'midway', 'local'", error.Message);
        Assert.Matches(@"change \[App\(Executors = \.\.\.\)\] on Misplaced \(TestApps\.cs:\d+\)\.$", error.Message);
        Assert.Equal(line, error.CallSite?.Line);
    }
}

public sealed class BoundedConcurrencyTests : KernelTest
{
    protected override IReadOnlyList<IExecutor> Executors => [new ThreadPoolExecutor("local", maxThreads: 2)];

    [Fact]
    public async Task A_thread_executor_runs_at_most_max_threads_tasks_at_once()
    {
        using var gate = new ManualResetEventSlim(false);
        var blocked = Enumerable.Range(0, 3).Select(_ => TestApps.BlockUntilAsync(gate)).ToArray();
        await Poll.UntilAsync(() => blocked.Count(f => f.State == TaskState.Running) == 2, "two threads to be busy");

        Assert.Equal(2, blocked.Count(f => f.State == TaskState.Running));
        Assert.Equal(1, blocked.Count(f => f.State == TaskState.Launched));
        gate.Set();
        var results = await Task.WhenAll(blocked.Select(f => f.AsTask()));
        Assert.Equal([1, 1, 1], results);
    }
}
